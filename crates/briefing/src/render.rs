//! Renderers: Markdown shaped like a printed briefing, the briefing JSON, and a
//! standalone HTML document (one page, no server, every text escaped).

use std::fmt::Write;

use parallax_model::Briefing;

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
    let page = env
        .get_template("briefings.html")?
        .render(minijinja::context! { briefings => briefings })?;
    Ok(page)
}

/// The briefing JSON (pretty-printed), as in `schema/briefing.schema.json`.
pub fn render_json(briefing: &Briefing) -> String {
    serde_json::to_string_pretty(briefing).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

/// "2021-05-11" → "11 May".
fn short_day(day: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let mut parts = day.get(..10)?.split('-');
    let (_, month, d) = (parts.next()?, parts.next()?, parts.next()?);
    let month: usize = month.parse().ok()?;
    let d: u32 = d.parse().ok()?;
    Some(format!("{d} {}", MONTHS.get(month.checked_sub(1)?)?))
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
        let _ = writeln!(out, "{n}. {}{}{}", fact.text, cite(&fact.sources), flag);
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
    if !b.updates.is_empty() {
        let _ = writeln!(out, "\n## Updates\n");
        for u in &b.updates {
            let steps: Vec<String> = u
                .values
                .iter()
                .map(|v| {
                    let day = v
                        .day
                        .as_deref()
                        .and_then(short_day)
                        .unwrap_or_else(|| "date unknown".to_string());
                    format!("{} ({day} {})", v.value, cite(&v.sources))
                })
                .collect();
            let _ = writeln!(out, "- {}: {}", u.about, steps.join(" → "));
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
        let ratings: Vec<String> = s
            .ratings
            .iter()
            .filter(|(axis, _)| *axis == "left_right" || *axis == "establishment")
            .map(|(axis, r)| format!("{}: {} ({})", axis.replace('_', "–"), r.value, r.citation()))
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
            "- **{}**, as provided by {}{}: {} _(side from {})_",
            n.label,
            n.outlet,
            cite(&n.sources),
            n.text,
            n.rating_source
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
        if let Some(side) = &axis.blindspot {
            let _ = writeln!(
                out,
                "  - **Blindspot**: {side} carries at least 80% of this story's coverage on this axis"
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

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_model::{Coverage, Update, UpdateValue};

    #[test]
    fn updates_are_listed_in_date_order_with_their_sources() {
        let value = |value: &str, day: Option<&str>, source: u32| UpdateValue {
            value: value.into(),
            day: day.map(Into::into),
            text: format!("{value} people have been killed in Dorvan."),
            sources: vec![source],
        };
        let briefing = Briefing {
            story: "s-1".into(),
            headline: "Fighting in Dorvan".into(),
            lede: String::new(),
            facts: Vec::new(),
            contradictions: Vec::new(),
            narratives: Vec::new(),
            sources: Vec::new(),
            coverage: Coverage::default(),
            omissions: Vec::new(),
            notes: Vec::new(),
            updates: vec![Update {
                about: "the number of people killed in Dorvan".into(),
                values: vec![
                    value("at least 28", Some("2026-05-11"), 2),
                    value("at least 230", Some("2026-05-20"), 20),
                ],
            }],
            timeline: Vec::new(),
        };
        let markdown = render_markdown(&briefing);
        assert!(
            markdown.contains(
                "## Updates\n\n- the number of people killed in Dorvan: at least 28 (11 May [2]) → at least 230 (20 May [20])"
            ),
            "{markdown}"
        );
        assert_eq!(short_day("2026-13-01"), None);
        assert_eq!(short_day("bad"), None);
    }
}
