//! Stories over several days, and bad dates: articles with no date, dates in the future,
//! conflicting time zones, one day with 10,000 articles. The briefing always builds, its
//! timeline is in date order, undated coverage is placed as "date unknown", and the
//! briefing verifies.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use parallax_briefing::{brief_story, render_html, render_markdown, Briefer};
use parallax_facts::verify::verify;
use parallax_model::{Article, Briefing};

fn article(id: &str, outlet: &str, published: Option<&str>, title: &str, text: &str) -> Article {
    Article {
        outlet: Some(outlet.into()),
        title: Some(title.into()),
        published: published.map(str::to_string),
        ..Article::new(id, text)
    }
}

const DAY1: &str = "Ferry workers in Port Aldren walked out on Sunday over a pay offer the operator called final, the union said. All crossings to the islands were cancelled on Sunday, the operator said. Island shopkeepers said deliveries of bread and milk had stopped by noon. The last strike at the port, in 2019, lasted nine days.";
const DAY1_B: &str = "All crossings to the islands were cancelled on Sunday, the operator said. Ferry workers in Port Aldren walked out on Sunday over a pay offer the operator called final, the union said. Pickets gathered at the north terminal before dawn, waving flags and singing. A spokesman for the harbour board declined to comment on the dispute.";
const DAY1_C: &str = "Ferry workers in Port Aldren walked out on Sunday over a pay offer the operator called final, the union said. Tourists queued at the ticket office for hours before the cancellations were posted. The operator runs twelve ferries between the port and four islands.";
const DAY3: &str = "The ferry strike in Port Aldren ended on Tuesday after the operator agreed to a pay rise of six percent, the union said. Ferry workers in Port Aldren walked out on Sunday over a pay offer the operator called final, the union said. Union members voted by a large margin to accept the deal at a meeting in the town hall.";
const DAY3_B: &str = "The ferry strike in Port Aldren ended on Tuesday after the operator agreed to a pay rise of six percent, the union said. Crossings to the islands resume on Wednesday morning, the operator said. Shopkeepers on the islands welcomed the news after two days without deliveries.";

fn brief(articles: &[Article]) -> Briefing {
    let members: Vec<&Article> = articles.iter().collect();
    brief_story(&Briefer::new().expect("briefer"), "", &members)
}

fn verified(briefing: &Briefing, articles: &[Article]) {
    let by_id: BTreeMap<&str, &Article> = articles.iter().map(|a| (a.id.as_str(), a)).collect();
    let problems = verify(briefing, &by_id);
    assert!(problems.is_empty(), "{problems:?}");
}

fn days(briefing: &Briefing) -> Vec<&str> {
    briefing.timeline.iter().map(|e| e.day.as_str()).collect()
}

#[test]
fn a_story_over_days_gets_a_timeline_and_leads_with_its_latest_state() {
    // Given out of date order on purpose; one article is undated.
    let articles = [
        article(
            "c",
            "Reuters",
            Some("2026-10-13"),
            "Port Aldren ferry strike ends with pay deal",
            DAY3,
        ),
        article(
            "a",
            "Associated Press",
            Some("2026-10-11"),
            "Ferry workers strike in Port Aldren",
            DAY1,
        ),
        article(
            "d",
            "The Guardian",
            Some("2026-10-13T18:00:00+01:00"),
            "Ferry strike over after pay rise",
            DAY3_B,
        ),
        article(
            "b",
            "Fox News",
            Some("2026-10-11"),
            "Port Aldren ferry crossings cancelled in strike",
            DAY1_B,
        ),
        article("u", "Unknown Gazette", None, "Ferry strike", DAY1_C),
    ];
    let briefing = brief(&articles);
    assert_eq!(days(&briefing), ["2026-10-11", "2026-10-13", "unknown"]);
    assert!(briefing.facts.iter().all(|f| f.first_reported.is_some()));
    let ended = briefing
        .facts
        .iter()
        .find(|f| f.text.starts_with("The ferry strike in Port Aldren ended"))
        .expect("the day-3 fact");
    assert_eq!(ended.first_reported.as_deref(), Some("2026-10-13"));
    // The lede describes the latest state.
    assert!(
        briefing.lede.contains("ended on Tuesday"),
        "{}",
        briefing.lede
    );
    verified(&briefing, &articles);

    let markdown = render_markdown(&briefing);
    for expected in [
        "## Timeline",
        "### 11 October 2026",
        "### 13 October 2026",
        "### Date unknown",
        "_(first reported 13 October 2026)_",
    ] {
        assert!(
            markdown.contains(expected),
            "{expected} missing in\n{markdown}"
        );
    }
    assert!(markdown.find("### 11 October").unwrap() < markdown.find("### 13 October").unwrap());
    let html = render_html(std::slice::from_ref(&briefing)).expect("html");
    assert!(
        html.contains("<h2 id=\"") && html.contains("Timeline</h2>"),
        "{html}"
    );
    assert!(html.contains("<time datetime=\"2026-10-13\">13 October 2026</time>"));
    assert!(html.contains("Date unknown"));
}

#[test]
fn a_story_of_one_day_has_no_timeline() {
    let articles = [
        article(
            "a",
            "Associated Press",
            Some("2026-10-11"),
            "Ferry workers strike in Port Aldren",
            DAY1,
        ),
        article(
            "b",
            "Fox News",
            Some("2026-10-11T21:00:00Z"),
            "Port Aldren ferry crossings cancelled in strike",
            DAY1_B,
        ),
    ];
    let briefing = brief(&articles);
    assert!(briefing.timeline.is_empty());
    assert!(briefing.facts.iter().all(|f| f.first_reported.is_none()));
    assert!(!render_markdown(&briefing).contains("## Timeline"));
    verified(&briefing, &articles);
}

#[test]
fn articles_with_no_date_are_never_given_one() {
    let articles = [
        article(
            "a",
            "Associated Press",
            None,
            "Ferry workers strike in Port Aldren",
            DAY1,
        ),
        article(
            "b",
            "Fox News",
            Some("soon"),
            "Port Aldren ferry crossings cancelled in strike",
            DAY1_B,
        ),
        article(
            "c",
            "Reuters",
            Some(""),
            "Port Aldren ferry strike ends with pay deal",
            DAY3,
        ),
    ];
    let briefing = brief(&articles);
    // No readable date at all: one (unknown) day, no timeline, nothing guessed.
    assert!(briefing.timeline.is_empty());
    verified(&briefing, &articles);
}

#[test]
fn dates_in_the_future_are_kept_but_never_make_the_latest_state() {
    let articles = [
        article(
            "a",
            "Associated Press",
            Some("2026-10-11"),
            "Ferry workers strike in Port Aldren",
            DAY1,
        ),
        article(
            "b",
            "Fox News",
            Some("2026-10-11"),
            "Port Aldren ferry crossings cancelled in strike",
            DAY1_B,
        ),
        article(
            "c",
            "Reuters",
            Some("2999-10-13"),
            "Port Aldren ferry strike ends with pay deal",
            DAY3,
        ),
    ];
    let briefing = brief(&articles);
    assert_eq!(days(&briefing), ["2026-10-11", "2999-10-13"]);
    assert_ne!(
        briefing.headline,
        "Port Aldren ferry strike ends with pay deal"
    );
    verified(&briefing, &articles);
}

#[test]
fn conflicting_time_zones_keep_each_article_on_its_own_date() {
    // The same instant in two zones: each article on the date it carries.
    let articles = [
        article(
            "a",
            "Associated Press",
            Some("2026-10-11T23:30:00-07:00"),
            "Ferry workers strike in Port Aldren",
            DAY1,
        ),
        article(
            "b",
            "Fox News",
            Some("2026-10-12T06:30:00Z"),
            "Port Aldren ferry crossings cancelled in strike",
            DAY1_B,
        ),
        article(
            "c",
            "Reuters",
            Some("2026-10-12T08:30:00+02:00"),
            "Port Aldren ferries stay in port",
            DAY1,
        ),
    ];
    let briefing = brief(&articles);
    assert_eq!(days(&briefing), ["2026-10-11", "2026-10-12"]);
    assert_eq!(briefing.timeline[0].sources, [1]);
    assert_eq!(briefing.timeline[1].sources, [2, 3]);
    verified(&briefing, &articles);
}

#[test]
fn ten_thousand_articles_of_one_day_brief_in_bounded_time() {
    let places = [
        "Port Aldren",
        "Lowmere",
        "Varn",
        "Kessel",
        "Ostra",
        "Tarn",
        "Venn",
    ];
    let articles: Vec<Article> = (0..10_000)
        .map(|i| {
            let place = places[i % places.len()];
            let text = format!(
                "Ferry workers in {place} walked out on Sunday over pay, the union said. \
                 Crossing number {i} was cancelled on Sunday, the operator said."
            );
            article(
                &format!("a{i}"),
                &format!("Outlet {}", i % 300),
                Some("2026-10-11T08:00:00Z"),
                "Ferry workers strike",
                &text,
            )
        })
        .collect();
    let started = Instant::now();
    let briefing = brief(&articles);
    let elapsed = started.elapsed();
    assert_eq!(briefing.sources.len(), 10_000);
    assert!(briefing.timeline.is_empty());
    // Generous for an unoptimised build on a shared machine; the release build takes a
    // small fraction of it.
    assert!(elapsed < Duration::from_secs(120), "took {elapsed:?}");
}
