//! Finding the element that holds the article: an explicit body marker
//! (`itemprop="articleBody"`, `article-body`, `entry-content`, ...) when the page has
//! one, else the element with the best readability-style paragraph score, plus the
//! siblings that continue it.

use crate::boilerplate::joined;
use crate::dom::{Dom, NodeId, NONE};
use crate::stats::{paragraph_text, Stats};

/// Class / id names (joined, lower-case) of elements that hold an article body.
const BODY_MARKERS: &[&str] = &[
    "articlebody",
    "articletext",
    "articlecontent",
    "articlebodytext",
    "entrycontent",
    "postcontent",
    "postbody",
    "postentry",
    "storybody",
    "storycontent",
    "storytext",
    "bodytext",
    "contentbody",
    "entrybody",
    "singlecontent",
    "posttext",
    "textcontent",
    "articlemain",
    "articleinner",
    "contentarticle",
    "newstext",
    "newsbody",
    "newscontent",
    "blogpost",
    "blogcontent",
    "entrytext",
    "itemfulltext",
    "fieldbody",
    "fieldnamebody",
    "tdpostcontent",
    "artikeltext",
    "mainarticle",
];

/// How much a character of non-article text (links, fragments) costs against a
/// character of paragraph text when choosing the region.
const BAD_WEIGHT: f64 = 1.0;

/// The parts of the page to render, in document order.
pub fn select(dom: &Dom, st: &Stats) -> Vec<NodeId> {
    let (good, bad) = paragraph_text(dom, &st.dropped, &st.text_len, &st.link_len);
    let value = |n: NodeId| good[n as usize] as f64 - BAD_WEIGHT * bad[n as usize] as f64;
    let best = (0..dom.len() as NodeId)
        .filter(|&n| !st.dropped[n as usize] && !dom.tag(n).is_empty() && good[n as usize] > 0)
        .max_by(|&a, &b| value(a).total_cmp(&value(b)));
    let mut region = best.unwrap_or(st.body);
    // One paragraph is never the whole article: when the link text around it
    // outweighs the other paragraphs, take the block that holds it all the same (the
    // renderer drops the link lists).
    while is_paragraph_level(dom.tag(region)) {
        let parent = dom.nodes[region as usize].parent;
        if parent == NONE || st.dropped[parent as usize] {
            break;
        }
        region = parent;
    }
    if let Some(m) = marker(dom, st) {
        let keep = match best {
            None => true,
            Some(b) => {
                good[m as usize] as f64 >= 0.5 * good[b as usize] as f64 || dom.contains(m, b)
            }
        };
        if keep {
            region = m;
        }
    }
    with_neighbours(dom, st, &good, region)
}

/// Elements that hold (part of) one paragraph, not a run of them.
fn is_paragraph_level(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "span"
            | "small"
            | "b"
            | "strong"
            | "em"
            | "i"
            | "font"
            | "blockquote"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
    )
}

/// How many levels above the region to look for neighbouring paragraphs.
const NEIGHBOUR_LEVELS: usize = 3;

/// The region plus the blocks just before it (and before its ancestors, a few levels
/// up) that are made of real paragraphs: a lead paragraph in the article header, the
/// first part of a body split into several containers. Blocks after the region are
/// left out: that is where author boxes and "more from" lists sit.
fn with_neighbours(dom: &Dom, st: &Stats, good: &[u32], region: NodeId) -> Vec<NodeId> {
    let mut roots = vec![region];
    let mut child = region;
    let mut anc = dom.nodes[region as usize].parent;
    let mut level = 0;
    while anc != NONE && level < NEIGHBOUR_LEVELS && anc != st.body {
        let mut c = dom.nodes[anc as usize].first_child;
        while c != NONE && c != child {
            let i = c as usize;
            if !st.dropped[i] {
                let text = st.text_len[i];
                if good[i] >= 40 && good[i] as f64 >= 0.8 * text as f64 {
                    roots.push(c);
                }
            }
            c = dom.nodes[i].next_sibling;
        }
        child = anc;
        anc = dom.nodes[anc as usize].parent;
        level += 1;
    }
    roots.extend(same_kind_parts(dom, st, good, region));
    roots.sort_unstable();
    roots.dedup();
    // A part inside another part is already rendered with it.
    let mut out: Vec<NodeId> = Vec::with_capacity(roots.len());
    for r in roots {
        if !out.last().is_some_and(|&o| dom.contains(o, r)) {
            out.push(r);
        }
    }
    out
}

/// Share of paragraph text a part of the same kind as the region needs: its tag and
/// class already say it is a part, so a short heading beside one paragraph is enough.
const SAME_KIND_GOOD: f64 = 0.5;

/// The other parts of a body that the page splits into several containers of the
/// same kind (`<div class="story-text">` before and after a picture or an advert, in
/// different layout columns): elements with the region's tag and class that hold
/// real paragraphs.
fn same_kind_parts(dom: &Dom, st: &Stats, good: &[u32], region: NodeId) -> Vec<NodeId> {
    let class = dom.class_id(region);
    let tag = dom.tag(region);
    if class.is_empty() || matches!(tag, "body" | "html") {
        return Vec::new();
    }
    (0..dom.len() as NodeId)
        .filter(|&n| {
            let i = n as usize;
            !st.dropped[i]
                && !dom.contains(region, n)
                && !dom.contains(n, region)
                && dom.tag(n) == tag
                && dom.class_id(n) == class
                && good[i] >= 40
                && good[i] as f64 >= SAME_KIND_GOOD * st.text_len[i] as f64
        })
        .collect()
}

/// Text outside links.
fn useful_len(st: &Stats, n: NodeId) -> u32 {
    st.text_len[n as usize] - st.link_len[n as usize]
}

/// The largest element marked as an article body, if it has real text.
fn marker(dom: &Dom, st: &Stats) -> Option<NodeId> {
    let mut best: Option<(NodeId, u32)> = None;
    for n in 0..dom.len() as NodeId {
        if st.dropped[n as usize] {
            continue;
        }
        let is_marker = dom
            .attr(n, "itemprop")
            .is_some_and(|p| p.eq_ignore_ascii_case("articleBody"))
            || dom.class_id(n).split_ascii_whitespace().any(|c| {
                let mut buf = [0u8; 48];
                BODY_MARKERS.contains(&joined(c, &mut buf))
            });
        if !is_marker || matches!(dom.tag(n), "body" | "html" | "a" | "span" | "p") {
            continue;
        }
        let len = useful_len(st, n);
        if len >= 200 && st.link_density(n) < 0.5 && best.is_none_or(|(_, l)| len > l) {
            best = Some((n, len));
        }
    }
    best.map(|(n, _)| n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::render;

    #[test]
    fn a_body_split_across_columns_is_read_in_full() {
        // The lead part sits in another layout column than the rest, too far up for the
        // neighbour rule, and a link list between the columns keeps their common
        // ancestor from winning; the lead's container has the same tag and class as the
        // rest of the body.
        let para = |s: &str| {
            format!(
                "<p>{s} The council will decide on the plan in the spring, after the hearings.</p>"
            )
        };
        let links: String = (0..10)
            .map(|i| {
                format!("<li><a href=/s/{i}>Another story about the city, number {i}</a></li>")
            })
            .collect();
        let html = format!(
            "<html><body><div class=cols><div class=col><div class=row><div class=cell>\
             <div class=story-part>{}</div></div></div></div><ul>{links}</ul>\
             <div class=col><div class=row><div class=cell><div class=story-part>{}{}{}</div>\
             </div></div></div></div></body></html>",
            para("The first part opens the story about the new tram line."),
            para("The second part follows after the list."),
            para("It gives the costs of the line."),
            para("And it names the districts it will serve."),
        );
        let dom = Dom::parse(&html);
        let st = Stats::compute(&dom);
        let text = render(&dom, &st, &select(&dom, &st));
        assert!(text.starts_with("The first part opens"), "{text}");
        assert!(text.contains("names the districts"), "{text}");
        assert!(!text.contains("Another story"), "{text}");
    }

    #[test]
    fn a_closing_part_with_a_heading_and_one_short_paragraph_is_read() {
        // The body comes as items of one kind, with links between them; the last item
        // holds a subheading and one short paragraph, so a third of its text is the
        // heading.
        let html = "<html><body><div class=body-items>\
             <div class=item><div class=part><p>Fallen branches have blocked the forest roads \
             near the village again and again since the autumn, the police said, and even the \
             fire brigade could not get through to the meeting points for rescues on two days \
             last month, so the paths are now checked every morning.</p></div></div>\
             <div class=links><a href=/c>The forest plan for the next ten years</a> \
             <a href=/d>Hunters and farmers meet the mayor</a></div>\
             <div class=item><div class=part><h2>Police ask for witnesses</h2>\
             <p>Witnesses can call the police station on the main road.</p></div></div>\
             </div><ul><li><a href=/a>Another story from the county</a></li>\
             <li><a href=/b>And one more story from the county</a></li></ul></body></html>";
        let dom = Dom::parse(html);
        let st = Stats::compute(&dom);
        let text = render(&dom, &st, &select(&dom, &st));
        assert!(text.starts_with("Fallen branches"), "{text}");
        assert!(text.ends_with("on the main road."), "{text}");
    }

    #[test]
    fn a_single_paragraph_region_grows_to_its_block() {
        // The link list inside the article block outweighs its second, short
        // paragraph, so the first paragraph alone scores best.
        let links: String = (0..12)
            .map(|i| format!("<li><a href=/t/{i}>Timetable for the line number {i}</a></li>"))
            .collect();
        let html = format!(
            "<html><body><div class=story>\
             <p>The night buses return on Friday after a break of two years, the transport \
             company said, with departures every thirty minutes between midnight and five in \
             the morning on all main lines of the city.</p>\
             <p>Tickets cost the same as during the day.</p><ul>{links}</ul></div></body></html>"
        );
        let dom = Dom::parse(&html);
        let st = Stats::compute(&dom);
        let text = render(&dom, &st, &select(&dom, &st));
        assert!(text.starts_with("The night buses return"), "{text}");
        assert!(text.contains("Tickets cost the same"), "{text}");
        assert!(!text.contains("Timetable for the line"), "{text}");
    }
}
