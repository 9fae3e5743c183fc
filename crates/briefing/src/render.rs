//! Renderers: Markdown shaped like a printed briefing, the briefing JSON, and a
//! standalone HTML document (one page, no server, every text escaped).

use std::fmt::Write;

use parallax_model::{Briefing, Update};

use crate::timeline::UNKNOWN_DAY;

/// The HTML renderer failed (a template error: a bug, never a property of the input).
#[derive(Debug, thiserror::Error)]
#[error("rendering HTML: {0}")]
pub struct RenderError(#[from] minijinja::Error);

/// The briefings as one standalone HTML document: the sections of the Markdown, each
/// citation a link to its source (the cited span in its tooltip), every text escaped,
/// and links only to `http(s)` addresses.
pub fn render_html(briefings: &[Briefing]) -> Result<String, RenderError> {
    let mut env = minijinja::Environment::new();
    // Autoescaping follows the template name's `.html` extension.
    env.add_template(
        "briefings.html",
        include_str!("../templates/briefings.html"),
    )?;
    env.add_filter("web_url", |url: Option<String>| -> String {
        url.filter(|u| {
            let lower = u.trim_start().to_ascii_lowercase();
            lower.starts_with("https://") || lower.starts_with("http://")
        })
        .unwrap_or_default()
    });
    env.add_filter("fact_label", |id: String| fact_label(&id));
    env.add_filter("day", |day: Option<String>| {
        day.map_or_else(|| "date unknown".into(), |d| day_label(&d))
    });
    let page = env
        .get_template("briefings.html")?
        .render(minijinja::context! { briefings => briefings })?;
    Ok(page)
}

/// The briefing JSON (pretty-printed), as in `schema/briefing.schema.json`.
pub fn render_json(briefing: &Briefing) -> String {
    serde_json::to_string_pretty(briefing).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

/// The briefing as Markdown: headline, lede, Facts with `[n]` citations, contradictions,
/// Sources with ratings, Narratives, coverage and omissions.
pub fn render_markdown(b: &Briefing) -> String {
    let mut out = String::new();
    let cite = |sources: &[u32]| sources.iter().map(|n| format!("[{n}]")).collect::<String>();
    let _ = writeln!(out, "# {}\n", b.headline);
    if !b.lede.is_empty() {
        let _ = writeln!(out, "{}\n", b.lede);
    }
    let _ = writeln!(out, "Story `{}`\n", b.story);
    let _ = writeln!(out, "## Facts\n");
    if b.facts.is_empty() {
        let _ = writeln!(out, "_No facts could be established from these sources._");
    }
    // Numbered, so that coverage and omissions can name a fact ("fact 2").
    for (k, fact) in b.facts.iter().enumerate() {
        let flag = match (fact.single_source, fact.disputed) {
            (false, false) => "",
            (true, false) => " _(single source)_",
            (false, true) => " _(figure disputed: see Contradictions)_",
            (true, true) => " _(single source; figure disputed: see Contradictions)_",
        };
        let n = fact_number(&fact.id).unwrap_or(k + 1);
        let when = fact
            .first_reported
            .as_deref()
            .map_or_else(String::new, |day| {
                format!(" _(first reported {})_", day_label(day))
            });
        let _ = writeln!(
            out,
            "{n}. {}{}{}{}",
            fact.text,
            cite(&fact.sources),
            when,
            flag
        );
    }
    if !b.contradictions.is_empty() {
        let _ = writeln!(out, "\n## Contradictions\n");
        for c in &b.contradictions {
            let _ = writeln!(out, "- Sources disagree on {}:", c.about);
            for claim in &c.claims {
                let _ = writeln!(out, "  - \"{}\"{}", claim.text, cite(&claim.sources));
            }
        }
    }
    if !b.timeline.is_empty() {
        let _ = writeln!(out, "\n## Timeline\n");
        let outlet = |n: &u32| {
            b.sources
                .iter()
                .find(|s| s.n == *n)
                .map_or_else(|| format!("[{n}]"), |s| format!("[{n}] {}", s.outlet))
        };
        for entry in &b.timeline {
            let _ = writeln!(out, "### {}\n", capitalise(&day_label(&entry.day)));
            if !entry.sources.is_empty() {
                let names: Vec<String> = entry.sources.iter().map(outlet).collect();
                let _ = writeln!(out, "Sources: {}\n", names.join(", "));
            }
            for id in &entry.facts {
                if let Some(fact) = b.facts.iter().find(|f| &f.id == id) {
                    let label = capitalise(&fact_label(id));
                    let _ = writeln!(out, "- {label}: {}{}", fact.text, cite(&fact.sources));
                }
            }
            for update in &entry.updates {
                let _ = writeln!(out, "- Update: {}", update_line(update));
            }
            if entry.facts.is_empty() && entry.updates.is_empty() {
                let _ = writeln!(out, "- _No new fact this day._");
            }
            let _ = writeln!(out);
        }
    } else if !b.updates.is_empty() {
        let _ = writeln!(out, "\n## Updates\n");
        for update in &b.updates {
            let _ = writeln!(out, "- {}", update_line(update));
        }
    }
    let _ = writeln!(out, "\n## Sources\n");
    for s in &b.sources {
        let mut line = format!("[{}] {}", s.n, s.outlet);
        if let Some(title) = &s.title {
            let _ = write!(line, ", \"{title}\"");
        }
        if let Some(published) = &s.published {
            let _ = write!(line, ", {published}");
        }
        let ratings: Vec<String> = ["left_right", "establishment", "ownership"]
            .iter()
            .filter_map(|axis| Some((axis, s.ratings.get(*axis)?)))
            .map(|(axis, r)| {
                let owner = r.owner.as_ref().map_or(String::new(), |o| format!(", {o}"));
                format!(
                    "{}: {}{owner} ({})",
                    axis.replace('_', "–"),
                    r.value,
                    r.citation()
                )
            })
            .collect();
        if !ratings.is_empty() {
            let _ = write!(line, ". Rated {}", ratings.join("; "));
        } else if let Some(lean) = &s.lean {
            let _ = write!(line, ". Lean {lean} (given by the input)");
        } else {
            line.push_str(". Not rated");
        }
        if let Some(original) = s.syndicated_from {
            let _ = write!(line, ". Reprint of [{original}], counted once");
        }
        if let Some(url) = &s.url {
            let _ = write!(line, ". <{url}>");
        }
        let _ = writeln!(out, "- {line}");
    }
    let _ = writeln!(out, "\n## Narratives\n");
    if b.narratives.is_empty() {
        let _ = writeln!(
            out,
            "_No narratives are contrasted (see the notes at the end)._"
        );
    }
    for n in &b.narratives {
        let _ = writeln!(
            out,
            "- **{}**, as provided by {}{}: {} _(side from {}{})_",
            n.label,
            n.outlet,
            cite(&n.sources),
            n.text,
            n.rating_source,
            narrative_reasons(&n.signals)
        );
    }
    let c = &b.coverage;
    let _ = writeln!(
        out,
        "\n## Coverage\n\nIndependent sources: Left {} · Center {} · Right {} · Unrated {}",
        c.left, c.center, c.right, c.unrated
    );
    if !c.axes.is_empty() {
        let _ = writeln!(
            out,
            "\nPer axis, a reprint also counts for the side of the outlet that ran it."
        );
    }
    for axis in &c.axes {
        let counts: Vec<String> = axis
            .sides
            .iter()
            .map(|s| {
                let from = if s.rating_sources.is_empty() {
                    String::new()
                } else {
                    format!(" (rated by {})", s.rating_sources.join("; "))
                };
                format!("{} {}{}", s.side, s.count, from)
            })
            .collect();
        let _ = writeln!(
            out,
            "\n- {}: {}; not placed {}",
            axis.axis.replace('_', "–"),
            counts.join(" · "),
            axis.unplaced
        );
        if let Some(m) = &axis.missing {
            let _ = writeln!(
                out,
                "  - **Blindspot**: {} has {} of the {} placed sources; its usual share is {:.0}% ({}; one-sided test, p = {:.3})",
                m.side,
                m.count,
                m.placed,
                m.usual_share * 100.0,
                m.base,
                m.p_value
            );
        }
        for s in axis.sides.iter().filter(|s| !s.not_reported.is_empty()) {
            let _ = writeln!(
                out,
                "  - Facts the {} side did not report: {}",
                s.side,
                s.not_reported
                    .iter()
                    .map(|id| fact_label(id))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
    if !b.omissions.is_empty() {
        let _ = writeln!(out, "\n## Who leaves what out\n");
        for o in &b.omissions {
            let mut label = fact_label(&o.fact);
            label[..1].make_ascii_uppercase();
            let _ = writeln!(out, "- {label} is not reported by {}", o.outlets.join(", "));
        }
    }
    for note in &b.notes {
        let _ = writeln!(out, "\n> {note}");
    }
    out
}

/// How a day of the timeline reads: "11 May 2021" for `2021-05-11`, "date unknown" for
/// [`UNKNOWN_DAY`], anything else as given.
pub fn day_label(day: &str) -> String {
    if day == UNKNOWN_DAY {
        return "date unknown".into();
    }
    match chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d") {
        Ok(date) => date.format("%-d %B %Y").to_string(),
        Err(_) => day.to_string(),
    }
}

/// `text` with its first letter in upper case.
fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// One update on one line: `ferries cancelled: 12 (11 May 2021 [1]) → 40 (14 May 2021
/// [3])`.
pub fn update_line(update: &Update) -> String {
    let values: Vec<String> = update
        .values
        .iter()
        .map(|v| {
            let day = v
                .day
                .as_deref()
                .map_or_else(|| "date unknown".into(), day_label);
            let cites: String = v.sources.iter().map(|n| format!("[{n}]")).collect();
            let cites = if cites.is_empty() {
                cites
            } else {
                format!(" {cites}")
            };
            format!("{} ({day}{cites})", v.value)
        })
        .collect();
    format!("{}: {}", update.about, values.join(" → "))
}

/// The number of a fact id `f<n>`.
fn fact_number(id: &str) -> Option<usize> {
    id.strip_prefix('f')?.parse().ok()
}

/// How the Markdown names a fact: "fact 2" for `f2` (the Facts list is numbered), the id
/// itself otherwise.
fn fact_label(id: &str) -> String {
    match fact_number(id) {
        Some(n) => format!("fact {n}"),
        None => id.to_string(),
    }
}

/// Why a narrative's sentences were chosen, in a few words (empty without signals).
fn narrative_reasons(signals: &[parallax_model::NarrativeSignal]) -> String {
    if signals.is_empty() {
        return String::new();
    }
    let framing = signals.iter().map(|s| s.framing).fold(0.0f64, f64::max);
    let closest = signals
        .iter()
        .map(|s| s.other_side_similarity)
        .fold(0.0f64, f64::max);
    let mut words: Vec<&str> = signals
        .iter()
        .flat_map(|s| s.loaded_words.iter().map(String::as_str))
        .collect();
    words.dedup();
    let loaded = if words.is_empty() {
        String::new()
    } else {
        format!(" ({})", words.join(", "))
    };
    format!("; framing {framing:.2}{loaded}; closest other-side sentence {closest:.2}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_model::{Coverage, Fact, Ratings, Source, TimelineEntry, UpdateValue};

    fn source(n: u32, published: &str) -> Source {
        Source {
            n,
            article: format!("a{n}"),
            outlet: format!("Outlet <{n}>"),
            url: None,
            title: None,
            published: Some(published.into()),
            lean: None,
            syndicated_from: None,
            outlet_id: None,
            ratings: Ratings::new(),
        }
    }

    fn killed() -> Update {
        let value = |value: &str, day: Option<&str>, n: u32| UpdateValue {
            value: value.into(),
            day: day.map(str::to_string),
            text: format!("At least {value} people were killed in Varn, officials said."),
            sources: vec![n],
        };
        Update {
            about: "the number of people killed in Varn".into(),
            values: vec![
                value("at least 28", Some("2021-05-11"), 1),
                value("at least 230", Some("2021-05-20"), 2),
            ],
        }
    }

    fn briefing(timeline: Vec<TimelineEntry>, updates: Vec<Update>) -> Briefing {
        Briefing {
            story: "s-1".into(),
            headline: "Fighting in Varn ends after ten days".into(),
            lede: String::new(),
            facts: vec![Fact {
                id: "f1".into(),
                text: "The fighting in Varn ended on Thursday, officials said.".into(),
                sources: vec![2],
                support: Vec::new(),
                independent_sources: 1,
                single_source: true,
                disputed: false,
                first_reported: (!timeline.is_empty()).then(|| "2021-05-20".into()),
            }],
            contradictions: Vec::new(),
            narratives: Vec::new(),
            sources: vec![source(1, "2021-05-11"), source(2, "2021-05-20T10:00:00Z")],
            coverage: Coverage::default(),
            omissions: Vec::new(),
            notes: Vec::new(),
            updates,
            timeline,
        }
    }

    fn entry(day: &str, sources: &[u32], facts: &[&str], updates: Vec<Update>) -> TimelineEntry {
        TimelineEntry {
            day: day.into(),
            sources: sources.to_vec(),
            facts: facts.iter().map(|f| (*f).to_string()).collect(),
            updates,
        }
    }

    #[test]
    fn days_read_as_dates() {
        assert_eq!(day_label("2021-05-11"), "11 May 2021");
        assert_eq!(day_label("unknown"), "date unknown");
        assert_eq!(day_label("someday"), "someday");
        assert_eq!(
            update_line(&killed()),
            "the number of people killed in Varn: at least 28 (11 May 2021 [1]) → at least 230 (20 May 2021 [2])"
        );
    }

    #[test]
    fn the_timeline_shows_each_day_with_its_facts_and_updates() {
        let b = briefing(
            vec![
                entry("2021-05-11", &[1], &[], Vec::new()),
                entry("2021-05-20", &[2], &["f1"], vec![killed()]),
            ],
            vec![killed()],
        );
        let md = render_markdown(&b);
        for expected in [
            "1. The fighting in Varn ended on Thursday, officials said.[2] _(first reported 20 May 2021)_",
            "## Timeline\n\n### 11 May 2021\n\nSources: [1] Outlet <1>\n\n- _No new fact this day._",
            "### 20 May 2021\n\nSources: [2] Outlet <2>\n\n- Fact 1: The fighting in Varn ended on Thursday, officials said.[2]\n- Update: the number of people killed in Varn: at least 28 (11 May 2021 [1]) → at least 230 (20 May 2021 [2])",
        ] {
            assert!(md.contains(expected), "{expected:?} not in\n{md}");
        }
        assert!(!md.contains("## Updates"));
        let html = render_html(std::slice::from_ref(&b)).expect("html");
        assert!(html.contains("Outlet &lt;2&gt;"), "escaped");
        assert!(html.contains("<time datetime=\"2021-05-20\">20 May 2021</time>"));
        assert!(html.contains("Update: the number of people killed in Varn: at least 28 (<time datetime=\"2021-05-11\">11 May 2021</time> <a class=\"cite\" href=\"#s-1-source-1\">[1]</a>) → at least 230"), "{html}");
        assert!(html.contains("first reported <time datetime=\"2021-05-20\">"));
    }

    #[test]
    fn updates_without_a_timeline_get_their_own_section() {
        let md = render_markdown(&briefing(Vec::new(), vec![killed()]));
        assert!(
            md.contains("## Updates\n\n- the number of people killed in Varn: at least 28"),
            "{md}"
        );
        assert!(!md.contains("first reported"));
        let html = render_html(&[briefing(Vec::new(), vec![killed()])]).expect("html");
        assert!(html.contains("Updates</h2>"));
    }
}
