//! Rendering the selected elements as paragraphs, dropping the blocks inside the
//! article flow that are not article: link lists, "Read more" teasers, "Related
//! articles" sections, photo credits, ad labels, repeated paragraphs.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::dom::{Dom, NodeId};
use crate::stats::Stats;
use crate::text::collapse_ws;

/// Elements that start a new paragraph.
fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "table"
            | "tr"
            | "figure"
            | "figcaption"
            | "header"
            | "address"
            | "center"
            | "hr"
            | "br"
            | "details"
            | "summary"
            | "tbody"
            | "thead"
            | "caption"
    )
}

/// A paragraph that opens with one of these is a teaser for another story.
static TEASER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:read\s+more|also\s+read|read\s+also|related(?:\s+stories|\s+articles)?|see\s+also|recommended|more\s+on\s+this|lesen\s+sie\s+(?:auch|mehr)|mehr\s+zum\s+thema|auch\s+interessant|das\s+könnte\s+sie\s+auch\s+interessieren|siehe\s+auch|weiterlesen|à\s+lire\s+aussi|a\s+lire\s+aussi|lire\s+aussi|voir\s+aussi|lee\s+también|leer\s+más|te\s+puede\s+interesar|czytaj\s+(?:też|także|więcej)|zobacz\s+(?:też|także)|leggi\s+anche)\b\s*[:：»>\-–—]?",
    )
    .expect("valid regex")
});

/// A short heading like this opens a block of links to other pages: it and the link
/// paragraphs after it are dropped.
static RELATED_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:related|more\s+(?:from|stories|articles|news|on)|you\s+(?:may|might)\s+also|recommended|most\s+(?:read|popular|viewed)|popular|trending|further\s+reading|read\s+next|ähnliche|verwandte|empfohlene|weitere\s+(?:artikel|beiträge|themen|nachrichten|informationen|links|meldungen)|weiterführende|mehr\s+(?:zum|aus|von|zu|über)|das\s+könnte\s+(?:dich|sie)\s+auch|auch\s+interessant|meistgelesen|top\s+artikel|à\s+lire\s+aussi|sur\s+le\s+même\s+sujet|articles?\s+(?:liés|similaires)|noticias\s+relacionadas|te\s+puede\s+interesar|más\s+noticias|czytaj\s+(?:też|także)|zobacz\s+(?:też|także)|polecane|najczęściej)",
    )
    .expect("valid regex")
});

/// Photo credits and sources: "Foto: ...", "Credit: ...".
static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[(\[]?(?:fotos?|photos?|bild(?:er)?|image|images|credits?|crédits?(?:\s+photos?)?|quelle|titelbild|beitragsbild|abbildung|grafik|kuva|źródło|fot\.|foto\s+de|copyright|©)\s*[:：]")
        .expect("valid regex")
});

/// A caption: a paragraph that closes on its picture's credit in brackets ("... on
/// the river bank. (Photo: Jane Roe)"); article text does not end on a photo credit.
static CREDIT_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[(\[](?:fotos?|photos?|bild(?:er)?|image|images|credits?|crédits?(?:\s+photos?)?|fot\.|foto\s+de|©)\s*[:：©][^()\[\]]{1,80}[)\]]\s*$")
        .expect("valid regex")
});

/// Whole paragraphs that are only a label or a button.
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[-–\s]*(?:advertisement|anzeige|werbung|publicité|publicidad|reklama|pubblicità|sponsored|share|teilen|drucken|print|tweet|e-?mail|facebook|twitter|whatsapp|gefällt\s+mir|like|wird\s+geladen|loading|pdf|kommentieren|view\s+comments|kommentare|comments?|antworten|reply|weiterlesen|mehr\s+lesen|zurück|back|top|nach\s+oben|externer\s+inhalt|keine\s+kommentare.*|quellen(?:angaben)?\s*:|veja\s+também\s*:?|zum\s+newsletter\s+anmelden|(?:rezept|artikel|seite|beitrag)\s+(?:drucken|teilen)|print\s+(?:this\s+)?(?:recipe|article|page|story)|(?:jetzt|diesen\s+artikel)\s+teilen!?|(?:dieses?\s+\w+\s+)?als\s+pdf\s+(?:herunterladen|downloaden)|download\s+(?:as\s+)?pdf|anzeige\b.*)[-–\s]*[.…]*$")
        .expect("valid regex")
});

/// Post metadata and end-of-article furniture written as a sentence.
static POST_META: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:this\s+entry\s+was\s+posted|posted\s+(?:in|on|by|under)|filed\s+under|tags?\s*:|tagged\s*(?:with)?\s*:|categor(?:y|ies)\s*:|schlagw(?:orte|örter)\s*:?|stichw(?:orte|örter)\s*:|kategorie(?:n)?\s*:|themen\s*:|dieser\s+(?:eintrag|beitrag)\s+wurde|der\s+beitrag\s+wurde|veröffentlicht\s+(?:am|in|von)|zuletzt\s+(?:aktualisiert|geändert)|aktualisiert\s*(?:am)?\s*:|updated\s*:|published\s*:|erschienen\s+(?:am|in)|share\s+this|teile\s+diese|diesen\s+artikel\s+teilen|war\s+(?:der|dieser)\s+artikel|was\s+this\s+(?:article|helpful)|like\s+it\??\s*share|(?:if\s+you\s+)?enjoyed\s+(?:reading\s+)?this|support\s+(?:our|us)|jetzt\s+spenden|unterstützen\s+sie|wesprzyj|sign\s+up\s+(?:for|to)|subscribe\s+to|abonnieren\s+sie|melden\s+sie\s+sich|newsletter|subscribe\s+now|please\s+subscribe|already\s+a\s+subscriber|stand\s*:|hazte\s+miembro|(?:wir\s+respektieren|we\s+respect)\s+(?:deine|ihre|your)\s+privat)")
        .expect("valid regex")
});

/// An error message of the site's software printed into the page ("Warning: ... in
/// /var/www/x.php on line 12").
static SERVER_ERROR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:PHP\s+)?(?:Warning|Notice|Deprecated|Strict Standards|Fatal error|Parse error|Catchable fatal error)\s*:.*\son\s+line\s+\d+\.?)$")
        .expect("valid regex")
});

/// The comment form's "log in to comment" notice.
static LOGIN_TO_COMMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:einloggen|eingeloggt|anmelden|angemeldet|registrier|\blog(?:ged)?\s*in\b|\bsign(?:ed)?\s*in\b|\bregister\b|registrarte|inicia\s+sesi[oó]n|zaloguj)[^.!?]{0,80}(?:kommentar|diskussion|comment|comentar|komentarz)|(?:kommentar|diskussion|comment|comentar|komentarz)[^.!?]{0,80}(?:einloggen|eingeloggt|anmelden|angemeldet|registrier|\blog(?:ged)?\s*in\b|\bsign(?:ed)?\s*in\b|\bregister\b|registrarte|inicia\s+sesi[oó]n|zaloguj)")
        .expect("valid regex")
});

/// A cheap test before [`LOGIN_TO_COMMENT`]: whether the text speaks of comments.
fn mentions_comments(text: &str) -> bool {
    let lower = text.to_lowercase();
    [
        "comment",
        "kommentar",
        "diskussion",
        "comentar",
        "komentarz",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// The placeholder text of an embed that loads only after consent.
static EMBED_PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:inhalt\s+von\s+\S+\s+zu\s+laden|externe[nr]?\s+inhalt|ohne\s+(?:dein|ihr)\s+einverständnis|click\s+(?:here\s+)?to\s+load|to\s+load\s+the\s+content|diesen\s+inhalt\s+(?:anzeigen|laden))")
        .expect("valid regex")
});

/// A call to action addressed to the reader: follow, subscribe, download the app,
/// donate, write to the editor, reprint rights. At the end of an article it is the
/// site talking, not the story.
static CALL_TO_ACTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\bfollow\s+(?:us|\S+(?:\s+\S+){0,2})\s+on\s+(?:twitter|facebook|instagram|x\b)|\bdownload\s+(?:the|our)\b.{0,40}\bapps?\b|\b(?:ios|android)\s+(?:and|or|&)\s+(?:ios|android)\b|\bnewsletter|\bsubscri(?:be|ption)|\bsign(?:ing)?\s+up\b|letters?\s+to\s+the\s+editor|\ball\s+rights\s+reserved|\bwritten\s+permission|\breprint|\bcanal\s+de\s+(?:telegram|youtube|whatsapp)|\bsuscr[ií]b|\babonn|\bsubskrypcj|\bfolge\s+uns|\bfollow\s+us\b)")
        .expect("valid regex")
});

/// Consecutive list items (or table rows) that make a list worth keeping after the
/// last long paragraph.
const LIST_RUN: usize = 3;

/// How many paragraphs at the end of the text are checked for calls to action.
const CTA_TAIL: usize = 4;

/// A paragraph that is only a time or date stamp ("19:49", "3:59 PM", "2 months ago",
/// "January 13", "12. Dezember 2021").
static STAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:\d{1,2}[:.]\d{2}(?:\s*(?:am|pm|uhr|h))?|\d+\s+(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)\s+ago|(?:vor\s+\d+\s+(?:sekunden|minuten|stunden|tagen|wochen|monaten|jahren))|(?:\d{1,2}\.?\s+)?(?:jan(?:uary|uar)?|feb(?:ruary|ruar)?|m(?:ar(?:ch)?|ärz)|apr(?:il)?|ma[iy]|june?|juni|july?|juli|aug(?:ust)?|sep(?:tember)?|o[ck]t(?:ober)?|nov(?:ember)?|de[cz](?:ember)?)\.?(?:\s+\d{1,2}(?:st|nd|rd|th)?)?,?(?:\s+\d{4})?)\s*$")
        .expect("valid regex")
});

/// Agency and stock-photo credits standing alone ("AFP / Jane Roe", "Getty Images").
static AGENCY_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:getty\s*images|\bafp\b|\breuters\b|\bimago\b|shutterstock|\bistock|picture[\s-]+alliance|\bap\s+photo|\bkeystone\b|\bepa\b)")
        .expect("valid regex")
});

/// One paragraph under construction.
#[derive(Default)]
struct Para {
    text: String,
    link_chars: usize,
    heading: bool,
    /// A list item or table row.
    item: bool,
}

/// Render the selected elements.
pub fn render(dom: &Dom, st: &Stats, roots: &[NodeId]) -> String {
    let mut paras: Vec<Para> = Vec::new();
    let mut cur = Para::default();
    for &root in roots {
        let mut n = root;
        let end = dom.end[root as usize];
        // Open links and blocks, by the end index of their subtree.
        let mut link_ends: Vec<NodeId> = Vec::new();
        let mut block_ends: Vec<NodeId> = Vec::new();
        while n < end {
            while block_ends.last().is_some_and(|&e| e <= n) {
                block_ends.pop();
                flush(&mut paras, &mut cur);
            }
            while link_ends.last().is_some_and(|&e| e <= n) {
                link_ends.pop();
            }
            let i = n as usize;
            if st.dropped[i] {
                n = dom.end[i];
                continue;
            }
            if let Some(t) = dom.text(n) {
                if !link_ends.is_empty() {
                    cur.link_chars += t
                        .split_whitespace()
                        .map(|w| w.chars().count() + 1)
                        .sum::<usize>();
                }
                cur.text.push_str(t);
            } else {
                let tag = dom.tag(n);
                if is_block(tag) {
                    flush(&mut paras, &mut cur);
                    block_ends.push(dom.end[i]);
                    cur.heading = matches!(tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "dt");
                    cur.item = matches!(tag, "li" | "dd" | "dt" | "tr");
                } else if matches!(tag, "td" | "th") {
                    cur.text.push(' ');
                }
                if dom.is_link(n) {
                    link_ends.push(dom.end[i]);
                }
            }
            n += 1;
        }
        flush(&mut paras, &mut cur);
    }
    let paras = drop_related_sections(paras);
    join(trim_head(drop_closing_calls(trim_tail(paras))))
}

/// After the last long paragraph, short lines without a full stop are the page's
/// furniture (signatures, tags, buttons, source lines), not the article's end. A run of
/// at least [`LIST_RUN`] list items or table rows is kept: a closing list (ingredients,
/// a ranking, specifications) is article.
fn trim_tail(mut paras: Vec<Para>) -> Vec<Para> {
    let Some(last_long) = paras.iter().rposition(|p| p.text.chars().count() >= 250) else {
        return paras;
    };
    let tail: Vec<Para> = paras.split_off(last_long + 1);
    let mut in_list = vec![false; tail.len()];
    let mut i = 0;
    while i < tail.len() {
        let end = (i..tail.len())
            .find(|&j| !tail[j].item)
            .unwrap_or(tail.len());
        if end - i >= LIST_RUN {
            in_list[i..end].fill(true);
        }
        i = end + 1;
    }
    paras.extend(
        tail.into_iter()
            .zip(in_list)
            .filter(|(p, listed)| *listed || p.text.chars().count() >= 40 || is_sentence(p))
            .map(|(p, _)| p),
    );
    paras
}

/// A short paragraph that is a sentence of the text (a closing reply in an interview,
/// a last line of dialogue): three words or more, no link, no year (a dated line is
/// a stamp: "Updated on 17.01.2021."), closed by a full stop, question or exclamation
/// mark.
fn is_sentence(p: &Para) -> bool {
    p.link_chars == 0
        && !p.heading
        && !crate::date::has_year(&p.text)
        && p.text.split_whitespace().count() >= 3
        && p.text
            .trim_end_matches(['"', '\'', '”', '“', '»', '«', ')'])
            .ends_with(['.', '!', '?', '…'])
}

/// Short calls to action among the last paragraphs ("Follow us on Twitter",
/// "Download our app", "Support our journalism") are the site's, not the article's.
fn drop_closing_calls(paras: Vec<Para>) -> Vec<Para> {
    let from = paras.len().saturating_sub(CTA_TAIL);
    paras
        .into_iter()
        .enumerate()
        .filter(|(i, p)| {
            *i < from
                || *i == 0
                || p.text.chars().count() >= 300
                || !CALL_TO_ACTION.is_match(&p.text)
        })
        .map(|(_, p)| p)
        .collect()
}

/// Before the first real paragraph, very short lines (kickers, labels, dates, "Home >
/// News" trails) are furniture.
fn trim_head(paras: Vec<Para>) -> Vec<Para> {
    let first_long = paras
        .iter()
        .position(|p| p.text.chars().count() >= 150)
        .unwrap_or(0);
    paras
        .into_iter()
        .enumerate()
        .filter(|(i, p)| *i >= first_long || p.text.chars().count() >= 20)
        .map(|(_, p)| p)
        .collect()
}

/// Drop "Related articles"-style headings and the link paragraphs that follow them.
fn drop_related_sections(paras: Vec<Para>) -> Vec<Para> {
    let mut out = Vec::with_capacity(paras.len());
    let mut skipping = false;
    for p in paras {
        let len = p.text.chars().count() + 1;
        let link_share = p.link_chars as f64 / len as f64;
        if len < 80 && RELATED_HEADING.is_match(&p.text) {
            skipping = true;
            continue;
        }
        if skipping {
            if p.heading || (len >= 120 && link_share < 0.2) {
                skipping = false;
            } else {
                continue;
            }
        }
        out.push(p);
    }
    out
}

fn join(paras: Vec<Para>) -> String {
    let mut seen = HashSet::new();
    let mut out = String::new();
    for p in paras {
        if p.text.chars().count() > 20 && !seen.insert(p.text.clone()) {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&p.text);
    }
    out
}

/// Close the current paragraph, keeping it only when it may be article text.
fn flush(paras: &mut Vec<Para>, cur: &mut Para) {
    let raw = std::mem::take(cur);
    let text = collapse_ws(&raw.text);
    if text.is_empty() {
        return;
    }
    let len = text.chars().count() + 1;
    let link_share = raw.link_chars as f64 / len as f64;
    let teaser = (link_share > 0.2 || len < 150) && TEASER.is_match(&text);
    let credit = (len < 200 && CREDIT.is_match(&text)) || (len < 600 && CREDIT_END.is_match(&text));
    let post_meta = len < 300 && (POST_META.is_match(&text) || EMBED_PLACEHOLDER.is_match(&text));
    let stamp = len < 40 && STAMP.is_match(&text);
    let server_error = len < 600 && text.contains(':') && SERVER_ERROR.is_match(&text);
    let login_to_comment =
        len < 200 && mentions_comments(&text) && LOGIN_TO_COMMENT.is_match(&text);
    let agency = len < 80 && AGENCY_CREDIT.is_match(&text);
    if stamp
        || agency
        || server_error
        || login_to_comment
        || link_share > 0.6
        || teaser
        || credit
        || post_meta
        || LABEL.is_match(&text)
    {
        return;
    }
    paras.push(Para {
        text,
        link_chars: raw.link_chars,
        heading: raw.heading,
        item: raw.item,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(html: &str) -> String {
        let dom = Dom::parse(html);
        let st = Stats::compute(&dom);
        render(&dom, &st, &[st.body])
    }

    #[test]
    fn a_short_closing_sentence_is_kept_but_stamps_and_names_are_not() {
        let long = "The interview went on for another hour: the scientist explained how the \
                    samples are taken, why the numbers change from week to week, what the \
                    laboratories can and cannot do, and where the next results are expected \
                    to come from before the winter, when the cold months bring their own \
                    kind of trouble.";
        let t = text_of(&format!(
            "<p>{long}</p><p>Thank you, see you tomorrow.</p><p>Gladly. Until tomorrow!</p>\
             <p>Updated on 17 May 2021.</p><p>Jane Roe</p><p>Share this</p>"
        ));
        assert_eq!(
            t,
            format!("{long}\n\nThank you, see you tomorrow.\n\nGladly. Until tomorrow!")
        );
    }

    #[test]
    fn captions_closing_on_a_bracketed_credit_are_dropped() {
        let t = text_of(
            "<p>The council met on Monday (in the old town hall).</p>\
             <p>Around the roots of the old willows, iron settles in thin red layers that the \
             river washes out again in spring. (Photo: Jane Roe, City Archive)</p>\
             <div><h5>The ferry at the pier in 1950 [Foto: Max Muster]</h5></div>\
             <p>The vote is due in March.</p>",
        );
        assert_eq!(
            t,
            "The council met on Monday (in the old town hall).\n\nThe vote is due in March."
        );
    }

    #[test]
    fn jump_targets_are_text_not_links() {
        // `<a name>` marks a place in the text (a transcript's questions); only `<a href>`
        // links away.
        let t = text_of(
            "<p>The interview began with the harbour.</p>\
             <p><a name=q2>The question listeners ask most often: what happens to the ferry?</a></p>\
             <p><a href=/other>A story about something else entirely, told in a link</a></p>\
             <p>The answer came at once.</p>",
        );
        assert_eq!(
            t,
            "The interview began with the harbour.\n\n\
             The question listeners ask most often: what happens to the ferry?\n\n\
             The answer came at once."
        );
    }

    #[test]
    fn related_section_is_dropped() {
        let t = text_of(
            "<p>First paragraph of the story.</p><h3>Related articles</h3>\
             <p><a href=a>Another story</a></p><p><a href=b>And another</a> one</p>\
             <h2>Next part</h2><p>The story goes on.</p>",
        );
        assert_eq!(
            t,
            "First paragraph of the story.\n\nNext part\n\nThe story goes on."
        );
    }

    #[test]
    fn closing_list_is_kept_but_short_furniture_is_not() {
        let long = "The recipe comes from the baker's grandmother, who made it every winter for the \
                    whole family; it needs little more than flour, butter and patience, and the dough \
                    can rest overnight in a cool place before it is rolled out, cut into stars and baked until golden.";
        let t = text_of(&format!(
            "<p>{long}</p><ul><li>250 g flour</li><li>125 g butter</li><li>1 egg</li></ul>\
             <p>Share</p><div>Tags: baking</div><div>Jane Roe</div>"
        ));
        assert_eq!(t, format!("{long}\n\n250 g flour\n\n125 g butter\n\n1 egg"));
    }

    #[test]
    fn lone_time_stamps_and_agency_credits_are_dropped() {
        let t = text_of(
            "<p>The storm reached the coast in the night.</p><div>19:49</div><div>3:59 PM</div>\
             <div>2 months ago</div><div>January 13</div><p>AFP / Jane Roe</p>\
             <p>Getty Images</p><p>Schools stay closed on Monday.</p>\
             <p>At 19:49 the first trees fell.</p>",
        );
        assert_eq!(
            t,
            "The storm reached the coast in the night.\n\nSchools stay closed on Monday.\n\n\
             At 19:49 the first trees fell."
        );
    }

    #[test]
    fn print_share_and_pdf_buttons_are_dropped() {
        let t = text_of(
            "<p>Body text.</p><p>Rezept drucken</p><p>Print this article</p>\
             <p>Jetzt teilen!</p><p>Dieses Skript als PDF herunterladen</p><p>Download PDF</p>\
             <p>More body.</p>",
        );
        assert_eq!(t, "Body text.\n\nMore body.");
    }

    #[test]
    fn server_error_messages_are_dropped() {
        let t = text_of(
            "<p>Deprecated: preg_replace(): The /e modifier is deprecated in \
             /var/www/site/includes/format.php on line 82</p>\
             <p>The harbour festival opens on Friday.</p>\
             <p>Warning: Creating default object from empty value in /srv/app/x.php on line 407</p>\
             <p>Warning: the pier is closed on line 3 of the festival map.</p>",
        );
        assert_eq!(
            t,
            "The harbour festival opens on Friday.\n\nWarning: the pier is closed on line 3 of the festival map."
        );
    }

    #[test]
    fn log_in_to_comment_notices_are_dropped() {
        let t = text_of(
            "<p>The council meets again in March.</p>\
             <p>You must be logged in to post a comment.</p>\
             <p>Bitte einloggen, um Kommentare zu schreiben.</p>\
             <p>Readers can register for the public hearing at the town hall.</p>",
        );
        assert_eq!(
            t,
            "The council meets again in March.\n\n\
             Readers can register for the public hearing at the town hall."
        );
    }

    #[test]
    fn closing_calls_to_action_are_dropped() {
        let t = text_of(
            "<p>The mayor opened the new market hall on Saturday, and hundreds of people came.</p>\
             <p>Stalls will be open six days a week.</p>\
             <p>Follow the Daily Courier on Twitter and Instagram for more local news.</p>\
             <p>For breaking news, download our free app for iOS and Android.</p>",
        );
        assert_eq!(
            t,
            "The mayor opened the new market hall on Saturday, and hundreds of people came.\n\n\
             Stalls will be open six days a week."
        );
    }

    #[test]
    fn calls_to_action_inside_the_story_are_kept() {
        // Only the closing paragraphs are checked: a story about a newsletter keeps it.
        let t = text_of(
            "<p>Readers can subscribe to the council's newsletter from today.</p>\
             <p>The first issue covers roadworks.</p><p>It will appear monthly.</p>\
             <p>The second covers schools.</p><p>A third covers the budget.</p>",
        );
        assert!(t.starts_with("Readers can subscribe"), "{t}");
    }

    #[test]
    fn credits_labels_and_teasers_are_dropped() {
        let t = text_of(
            "<p>Body text.</p><p>Foto: Jane Roe/Agency</p><p>Anzeige</p>\
             <p>Lesen Sie auch: <a href=x>Ein anderer Artikel</a></p><p>More body.</p>",
        );
        assert_eq!(t, "Body text.\n\nMore body.");
    }
}
