//! A 12-fact briefing of a fictional story (written for these tests, no real article),
//! shaped like the ones Parallax makes: headline, lede, twelve facts with citations,
//! a contradiction, two narratives, six sources.

use parallax_model::{
    Briefing, Contradiction, ContradictionClaim, Coverage, Fact, Narrative, Ratings, Source,
};

const FACTS: [&str; 12] = [
    "The Bank of Calder kept its main interest rate at 4.5% on Tuesday, 14 October 2026.",
    "Seven of the nine members of the rate committee voted to hold the rate.",
    "Governor Ilse Varga said inflation had fallen to 2.8% in September from 3.4% in August.",
    "The bank forecast growth of 1.2% for 2027, down from the 1.6% it expected in July.",
    "Mortgage lenders said the average two-year fixed rate was 5.1% on Monday.",
    "The bank said wage growth had slowed to 3.9% a year in the three months to August.",
    "Dr. Tomas Reyn, a committee member, voted for a cut of a quarter of a point.",
    "The currency rose 0.3% against the dollar after the decision was announced at 12:00.",
    "The bank will publish its next forecasts on 5 February 2027.",
    "Government borrowing reached $42.7 billion in the first half of the fiscal year.",
    "Unemployment rose to 4.6% in the three months to August, the highest since 2021.",
    "The finance ministry said it welcomed the decision and would keep its spending plans.",
];

fn source(n: u32, outlet: &str) -> Source {
    Source {
        n,
        article: format!("calder-{n}"),
        outlet: outlet.into(),
        url: None,
        title: None,
        published: Some("2026-10-14".into()),
        lean: None,
        syndicated_from: None,
        outlet_id: None,
        ratings: Ratings::new(),
    }
}

fn narrative(side: &str, label: &str, outlet: &str, n: u32, text: &str) -> Narrative {
    Narrative {
        axis: "establishment".into(),
        side: side.into(),
        label: label.into(),
        text: text.into(),
        sources: vec![n],
        outlet: outlet.into(),
        rating_source: "fictional".into(),
        signals: Vec::new(),
    }
}

/// The briefing.
pub fn twelve_fact_briefing() -> Briefing {
    let facts = FACTS
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let sources: Vec<u32> = (1..=6u32)
                .filter(|n| !(n + i as u32).is_multiple_of(3))
                .collect();
            Fact {
                id: format!("f{}", i + 1),
                text: (*text).into(),
                independent_sources: sources.len() as u32,
                single_source: false,
                sources,
                support: Vec::new(),
                disputed: i == 1,
                first_reported: None,
            }
        })
        .collect();
    Briefing {
        story: "s-00c0ffee".into(),
        headline: "Bank of Calder holds its rate at 4.5% as inflation eases".into(),
        lede: "The Bank of Calder left borrowing costs unchanged on Tuesday, saying inflation was falling but not yet back to its target.".into(),
        facts,
        contradictions: vec![Contradiction {
            about: "the number of committee members who voted to hold".into(),
            claims: vec![
                ContradictionClaim { text: "Seven members voted to hold the rate.".into(), sources: vec![1, 2] },
                ContradictionClaim { text: "Six members voted to hold the rate.".into(), sources: vec![5] },
            ],
        }],
        narratives: vec![
            narrative("critical", "Establishment-critical narrative", "The Harbor Ledger", 1,
                "Savers and renters again pay for a bank that waited too long, while lenders keep their margins."),
            narrative("pro", "Pro-establishment narrative", "Civic Dispatch", 2,
                "A steady hand at the bank has brought inflation down without a recession, and patience is paying off."),
        ],
        sources: vec![
            source(1, "The Harbor Ledger"),
            source(2, "Civic Dispatch"),
            source(3, "Open Signal"),
            source(4, "Capital Record"),
            source(5, "Patriot Daily"),
            source(6, "Liberty Beacon"),
        ],
        coverage: Coverage { left: 2, center: 2, right: 2, unrated: 0, axes: Vec::new() },
        omissions: Vec::new(),
        notes: Vec::new(),
        updates: Vec::new(),
        timeline: Vec::new(),
    }
}
