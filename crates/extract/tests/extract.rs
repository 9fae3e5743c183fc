//! Extraction on small hand-written pages: boilerplate, metadata, charsets, listing
//! pages, walls and bad input.

use std::time::{Duration, Instant};

use parallax_extract::{ExtractError, Extracted, Extractor, NewsExtractor, Page, WallKind};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn extract_bytes(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    NewsExtractor::default().extract(&Page {
        bytes,
        url: None,
        content_type: None,
    })
}

fn extract(name: &str) -> Extracted {
    let bytes = fixture(name);
    let page = Page {
        bytes: &bytes,
        url: Some("https://courier.example/x"),
        content_type: None,
    };
    NewsExtractor::default().extract(&page).expect("an article")
}

#[test]
fn article_text_keeps_paragraphs_in_order() {
    let a = extract("news_article.html");
    let paras: Vec<&str> = a.text.split("\n\n").collect();
    assert!(
        paras[0].starts_with("The small passenger ferry"),
        "{paras:?}"
    );
    assert!(a.text.contains("fitted with a new engine"));
    assert!(a.text.contains("twenty-three passengers"));
    assert!(a.text.ends_with("with cash or a card."), "{}", a.text);
}

#[test]
fn boilerplate_classes_are_removed() {
    let a = extract("news_article.html");
    for junk in [
        "We use cookies",        // cookie banner
        "Home",                  // navigation
        "Related stories",       // related-story block inside the body
        "Harbour wall repairs",  // its links
        "Harbour festival",      // teaser paragraph inside the body
        "Why the ferry stopped", // "Read more:" teaser
        "Get the Courier",       // newsletter box
        "Sign up for our free",  // newsletter box
        "Most read",             // most-read list
        "Storm closes",          // its links
        "Copyright 2023",        // footer
        "By Mara Quell",         // byline
    ] {
        assert!(!a.text.contains(junk), "{junk:?} left in {:?}", a.text);
    }
}

#[test]
fn metadata_prefers_the_articles_own_date() {
    let a = extract("news_article.html");
    assert_eq!(a.published.as_deref(), Some("2023-03-31T07:15:00+01:00"));
}

#[test]
fn metadata_fields() {
    let a = extract("news_article.html");
    assert_eq!(
        a.title.as_deref(),
        Some("Harbour ferry returns after winter pause")
    );
    assert_eq!(a.author.as_deref(), Some("Mara Quell; Tobin Vale"));
    assert_eq!(a.site.as_deref(), Some("Coastline Courier"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://courier.example/local/harbour-ferry-returns")
    );
    assert_eq!(a.lang.as_deref(), Some("en"));
}

#[test]
fn author_meta_noise_is_cleaned() {
    let html = br#"<html><head><meta name="author" content="By Mara Quell | 4 Minute Read"></head>
        <body><article><p>The small passenger ferry that links the two halves of the harbour started running again on Friday.</p>
        <p>Operators said the boat had been fitted with a new engine and a ramp for wheelchairs.</p></article></body></html>"#;
    assert_eq!(
        extract_bytes(html).unwrap().author.as_deref(),
        Some("Mara Quell")
    );
}

#[test]
fn undeclared_windows_1252_is_detected() {
    let a = extract("cp1252_undeclared.html");
    assert!(a.text.contains("un budget élevé pour l'été"), "{}", a.text);
    assert_eq!(a.lang.as_deref(), Some("fr"));
}

#[test]
fn wrong_meta_charset_is_overruled() {
    let a = extract("wrong_meta_charset.html");
    assert!(a.text.contains("alte Brücke über den Fluss"), "{}", a.text);
    assert_eq!(a.title.as_deref(), Some("Brücke offen"));
}

#[test]
fn declared_latin1_is_honoured() {
    let a = extract("latin1_declared.html");
    assert!(a.text.contains("Fußgänger und Radfahrer"), "{}", a.text);
}

#[test]
fn declared_shift_jis_is_honoured() {
    let a = extract("shift_jis_declared.html");
    assert!(a.text.contains("古い橋の通行を再開"), "{}", a.text);
    assert_eq!(a.lang.as_deref(), Some("ja"));
}

#[test]
fn http_charset_is_honoured() {
    let bytes = "<p>Fußgänger und Radfahrer dürfen die Brücke ab sofort überqueren, teilte die Stadt mit.</p>"
        .encode_latin1();
    let page = Page {
        bytes: &bytes,
        url: None,
        content_type: Some("text/html; charset=ISO-8859-1"),
    };
    let a = NewsExtractor::default().extract(&page).unwrap();
    assert!(a.text.contains("Fußgänger"), "{}", a.text);
}

trait Latin1 {
    fn encode_latin1(&self) -> Vec<u8>;
}
impl Latin1 for str {
    fn encode_latin1(&self) -> Vec<u8> {
        self.chars()
            .map(|c| u8::try_from(u32::from(c)).expect("a Latin-1 character"))
            .collect()
    }
}

#[test]
fn gzip_pages_are_inflated() {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(&fixture("news_article.html")).unwrap();
    let gz = enc.finish().unwrap();
    let a = extract_bytes(&gz).unwrap();
    assert!(a.text.starts_with("The small passenger ferry"));
}

#[test]
fn listing_page_is_not_an_article() {
    let bytes = fixture("listing.html");
    match extract_bytes(&bytes) {
        Err(ExtractError::NotAnArticle { reason }) => {
            assert!(reason.contains("teasers"), "{reason}")
        }
        other => panic!("expected NotAnArticle, got {other:?}"),
    }
}

#[test]
fn consent_wall_is_reported() {
    let bytes = fixture("consent_wall.html");
    match extract_bytes(&bytes) {
        Err(ExtractError::Walled {
            kind: WallKind::Consent,
            ..
        }) => {}
        other => panic!("expected a consent wall, got {other:?}"),
    }
}

#[test]
fn paywall_is_reported() {
    let html = br#"<html><head><script type="application/ld+json">
        {"@type":"NewsArticle","headline":"Budget talks","isAccessibleForFree":false}</script></head>
        <body><article><p>The budget talks went on late into the night.</p>
        <div class="paywall-box">Subscribe now to continue reading.</div></article></body></html>"#;
    match extract_bytes(html) {
        Err(ExtractError::Walled {
            kind: WallKind::Paywall,
            ..
        }) => {}
        other => panic!("expected a paywall, got {other:?}"),
    }
}

/// Run `f` and fail if it takes longer than `limit`.
fn quickly<T>(limit: Duration, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    assert!(start.elapsed() < limit, "took {:?}", start.elapsed());
    out
}

#[test]
fn empty_input_is_an_error() {
    assert!(matches!(
        extract_bytes(b""),
        Err(ExtractError::Empty { .. })
    ));
    assert!(matches!(
        extract_bytes(b"  \n\t "),
        Err(ExtractError::Empty { .. })
    ));
    assert!(matches!(
        extract_bytes(b"<html><body></body></html>"),
        Err(ExtractError::Empty { .. })
    ));
}

#[test]
fn binary_input_is_not_html() {
    assert!(matches!(
        extract_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
        Err(ExtractError::NotHtml { .. })
    ));
    let noise: Vec<u8> = (0..10_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    assert!(matches!(
        extract_bytes(&noise),
        Err(ExtractError::NotHtml { .. })
    ));
}

#[test]
fn truncated_page_still_gives_text() {
    let bytes = fixture("news_article.html");
    let cut = &bytes[..bytes.len() * 2 / 3];
    let a = quickly(Duration::from_secs(2), || extract_bytes(cut)).unwrap();
    assert!(a.text.contains("The small passenger ferry"));
    // Cut inside a tag, a comment, a script: never a panic.
    for end in (0..bytes.len()).step_by(97) {
        let _ = extract_bytes(&bytes[..end]);
    }
}

#[test]
fn deep_nesting_is_refused_quickly() {
    let mut page = b"<html><body>".to_vec();
    page.extend(b"<div>".repeat(100_000));
    page.extend(b"deep");
    let r = quickly(Duration::from_secs(2), || extract_bytes(&page));
    assert!(matches!(r, Err(ExtractError::TooDeep { .. })), "{r:?}");
}

/// The fixture article wrapped in what makes news pages heavy: inline scripts (with
/// markup in strings and an escaped `<!--` block), styles, an SVG sprite, comments, a
/// JSON state blob, about 0.8 MB in all.
fn heavy_page(article: &str) -> String {
    let script: String = (0..4000)
        .map(|i| {
            format!("var a{i}='<div class=\"x\"><p>not text {i}</p></div>';if(a{i}<b){{f(a{i})}}")
        })
        .collect();
    let escaped = "<!-- document.write('<script src=x.js></script>'); -->";
    let style: String = (0..3000)
        .map(|i| format!(".c{i} > p{{margin:{i}px;color:#123}}"))
        .collect();
    let svg: String = (0..3000)
        .map(|i| format!("<symbol id='i{i}'><path d='M0 0L{i} 1Z'/><text>icon {i}</text></symbol>"))
        .collect();
    let comments: String = (0..2000)
        .map(|i| format!("<!-- note <p>{i}</p> -->"))
        .collect();
    let json: String = (0..3000)
        .map(|i| format!("{{\"teaser\":\"<p>Other story {i}</p>\"}},"))
        .collect();
    let (head, body) = article.split_once("<body>").expect("fixture has a body");
    format!(
        "{head}<style>{style}</style><body><svg style='display:none'>{svg}</svg>\
         <script>{script}</script><script>{escaped}</script>{comments}{body}\
         <script type='application/json'>[{json}0]</script>"
    )
}

/// The time one page may take: 1 s (the target) in an optimised build, more in an
/// unoptimised test build, where the parser runs several times slower.
fn page_limit() -> Duration {
    Duration::from_secs(if cfg!(debug_assertions) { 15 } else { 1 })
}

#[test]
fn heavy_page_gives_the_same_article_quickly() {
    let light = String::from_utf8(fixture("news_article.html")).unwrap();
    let heavy = heavy_page(&light);
    assert!(heavy.len() > 700_000, "{}", heavy.len());
    let a = extract_bytes(light.as_bytes()).unwrap();
    let b = quickly(page_limit(), || extract_bytes(heavy.as_bytes())).unwrap();
    assert_eq!(a.text, b.text);
    assert_eq!((a.title, a.published), (b.title, b.published));
}

#[test]
fn a_million_attributes_and_a_huge_text_node_stay_within_a_second() {
    let mut page = b"<html><body><div ".to_vec();
    for i in 0..1_000_000 {
        page.extend(format!("a{i}=1 ").as_bytes());
    }
    page.extend(b"><p>Short.</p></div></body></html>");
    let _ = quickly(page_limit(), || extract_bytes(&page));

    // 14 MB of text in one node (just under the default 15 MiB cap).
    let mut page = b"<html><body><p>".to_vec();
    page.extend("word ".repeat(14 * 1024 * 1024 / 5).as_bytes());
    page.extend(b"</p></body></html>");
    let r = quickly(page_limit(), || extract_bytes(&page));
    assert!(r.unwrap().text.starts_with("word word"));
}

#[test]
fn oversize_page_is_refused_without_parsing() {
    let big = vec![b'a'; 1024 * 1024 + 1];
    let small = NewsExtractor::default().max_bytes(1024 * 1024);
    let r = quickly(Duration::from_millis(500), || {
        small.extract(&Page {
            bytes: &big,
            url: None,
            content_type: None,
        })
    });
    assert!(
        matches!(
            r,
            Err(ExtractError::TooLarge {
                limit: 1_048_576,
                ..
            })
        ),
        "{r:?}"
    );
    let msg = r.unwrap_err().to_string();
    assert!(msg.contains("too large"), "{msg}");
}

#[test]
fn gzip_bomb_is_capped() {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(&vec![b' '; 4 * 1024 * 1024]).unwrap();
    let gz = enc.finish().unwrap();
    let small = NewsExtractor::default().max_bytes(1024 * 1024);
    let r = small.extract(&Page {
        bytes: &gz,
        url: None,
        content_type: None,
    });
    assert!(matches!(r, Err(ExtractError::TooLarge { .. })), "{r:?}");
}

#[test]
fn misencoded_bytes_never_panic() {
    let mut page = b"<meta charset=\"utf-8\"><p>".to_vec();
    page.extend((128u8..=255).cycle().take(4000));
    page.extend(b"</p>");
    let _ = extract_bytes(&page);
}

#[test]
fn headline_wrapper_with_a_sidebar_class_is_kept() {
    // The article column's class says it *has* a right sidebar; the real sidebar
    // next to it is still dropped.
    let html = br#"<html><body><nav><a href="/">Home</a></nav>
      <div class="post-wrap has-pad sidebar-right">
        <h1>Council approves the new tram line</h1>
        <p>The city council approved the new tram line on Tuesday evening after a long debate about its cost and route.</p>
        <p>Construction is to start next spring, and the first trams should run along the river within three years.</p>
      </div>
      <div class="sidebar"><p>Popular this week: a long list of other stories that readers liked a lot.</p></div>
      </body></html>"#;
    let a = extract_bytes(html).expect("an article");
    assert!(
        a.text.contains("approved the new tram line on Tuesday"),
        "{}",
        a.text
    );
    assert!(a.text.contains("first trams should run"), "{}", a.text);
    assert!(!a.text.contains("Popular this week"), "{}", a.text);
}

#[test]
fn aside_used_as_the_article_column_is_kept() {
    let html = br#"<html><body><header><a href="/">Gazette</a></header>
      <main><aside class="content-column">
        <h1>Harbour reopens after storm</h1>
        <div class="lead"><p>The harbour reopened on Friday after a storm had closed it for four days, the port authority said in a statement.</p></div>
        <p>Ferries to the islands will run on their winter timetable until the end of the month, and freight traffic resumes at once.</p>
      </aside>
      <aside class="links"><p>Weather: sunny and mild for the rest of the week along the whole coast.</p>
        <p>Tides: high water at six in the morning and again shortly after six in the evening.</p>
        <p>Events: the fish market is open on Saturday, and the sailing club holds its regatta on Sunday.</p></aside></main>
      </body></html>"#;
    let a = extract_bytes(html).expect("an article");
    assert!(a.text.contains("harbour reopened on Friday"), "{}", a.text);
    assert!(a.text.contains("winter timetable"), "{}", a.text);
    assert!(!a.text.contains("sailing club"), "{}", a.text);
}

#[test]
fn author_bio_box_is_dropped_but_author_taxonomy_class_is_not() {
    let html = br#"<html><body>
      <article class="post author-jane-roe category-news">
        <h1>Library extends opening hours</h1>
        <p>The central library will open until ten in the evening from next month, the city's culture office announced on Monday.</p>
        <p>Students had asked for longer hours during the exam season, and a survey showed strong support among other readers too.</p>
        <div class="author-bio"><p>Jane Roe writes about culture and education and has worked for the paper since 2010.</p></div>
      </article></body></html>"#;
    let a = extract_bytes(html).expect("an article");
    assert!(
        a.text.contains("open until ten in the evening"),
        "{}",
        a.text
    );
    assert!(!a.text.contains("has worked for the paper"), "{}", a.text);
}

#[test]
fn donation_call_to_action_box_is_dropped() {
    let html = br#"<html><body><article>
        <h1>River level falls</h1>
        <p>The river level fell by half a metre overnight, and the flood warning for the old town was lifted in the morning.</p>
        <p>Residents were allowed back into their homes, though some streets remain closed while crews clear the mud.</p>
        <div class="c-donation-cta"><p>We rely on readers like you to keep local reporting free for everyone in town.</p></div>
      </article></body></html>"#;
    let a = extract_bytes(html).expect("an article");
    assert!(a.text.contains("flood warning"), "{}", a.text);
    assert!(!a.text.contains("We rely on readers"), "{}", a.text);
}

#[test]
fn story_among_many_teasers_is_not_a_listing() {
    // No og:type or JSON-LD says "article", and teaser cards with mostly linked text
    // fill the page; the long paragraphs still make it a story.
    let mut html =
        String::from("<html><body><div class=\"story\"><h1>Court rejects the appeal</h1>");
    for i in 0..7 {
        html.push_str(&format!(
            "<p>Paragraph {i} of the story: the constitutional court rejected the appeal on Tuesday, \
             ruling that the lower court had weighed the evidence correctly and that the trial can \
             continue in the spring, the judges wrote in a decision of forty pages.</p>"
        ));
    }
    html.push_str("</div><div class=\"more\">");
    for i in 0..40 {
        html.push_str(&format!(
            "<h3><a href=\"/story/{i}\">Another headline number {i} about something that happened</a></h3>"
        ));
    }
    html.push_str("</div></body></html>");
    let a = extract_bytes(html.as_bytes()).expect("a story, not a listing");
    assert!(a.text.contains("Paragraph 2 of the story"), "{}", a.text);
}

#[test]
fn recipe_steps_hidden_from_the_markup_come_from_json_ld() {
    let html = br#"<html><head><script type="application/ld+json">
      {"@context":"https://schema.org","@type":"Recipe","name":"Apple cake",
       "recipeIngredient":["3 apples","200 g flour","100 g sugar"],
       "recipeInstructions":[{"@type":"HowToStep","text":"Peel and slice the apples."},
                             {"@type":"HowToStep","text":"Mix flour and sugar, add the apples and bake."}]}
      </script></head><body><article><h1>Apple cake</h1>
      <p>This apple cake is the one our grandmother baked every autumn, when the trees in the garden were full and the kitchen smelled of cinnamon for days.</p>
      <div class="tabs" data-tab="ingredients"></div></article></body></html>"#;
    let a = extract_bytes(html).expect("an article");
    assert!(a.text.starts_with("This apple cake"), "{}", a.text);
    assert!(a.text.contains("200 g flour"), "{}", a.text);
    assert!(
        a.text
            .ends_with("Mix flour and sugar, add the apples and bake."),
        "{}",
        a.text
    );
}

#[test]
fn recipe_already_in_the_text_is_not_repeated() {
    let html = br#"<html><head><script type="application/ld+json">
      {"@type":"Recipe","name":"Tea","recipeIngredient":["1 tea bag","250 ml water"],
       "recipeInstructions":"Pour boiling water over the tea bag."}
      </script></head><body><article><h1>Tea</h1>
      <p>A cup of tea is quickly made, and there is little to get wrong if the water is really boiling when it meets the leaves.</p>
      <ul><li>1 tea bag</li><li>250 ml water</li></ul><p>Pour boiling water over the tea bag.</p></article></body></html>"#;
    let a = extract_bytes(html).expect("an article");
    assert_eq!(a.text.matches("250 ml water").count(), 1, "{}", a.text);
}

#[test]
fn header_with_the_headline_and_the_lead_is_kept() {
    let html = br#"<html><body><header class="site"><a href="/">Gazette</a></header>
      <div class="page"><header class="story-head"><h1>New bridge opens</h1>
        <p class="lead">The new footbridge over the river opened on Sunday morning, three months later than planned and a little over budget, the city said, and the mayor was the first to walk across it, followed by a brass band and two school classes.</p></header>
      <div class="story-body"><p>Hundreds of people crossed it in the first hour, many of them with bicycles, which are allowed on the bridge outside rush hour.</p>
      <p>The old ferry will keep running until the end of the year.</p></div></div>
      <footer><p>Contact the newsroom and read our corrections policy on the about page of this site.</p></footer></body></html>"#;
    let a = extract_bytes(html).expect("an article");
    assert!(a.text.starts_with("The new footbridge"), "{}", a.text);
    assert!(
        a.text.contains("Hundreds of people crossed it"),
        "{}",
        a.text
    );
    assert!(!a.text.contains("corrections policy"), "{}", a.text);
}

#[test]
fn article_in_a_client_side_template_is_read_when_the_markup_is_empty() {
    let html = br#"<html><body><div id="app">Loading</div>
      <script type="text/template" id="post"><div class="post"><h3>Faster updates</h3>
        <p>Our browser now checks the addresses you visit against a list that is updated every few minutes instead of every half hour.</p>
        <p>The change protects people from sites that switch their domain very quickly to slip through the older, slower list.</p></div>
      </script><script>render()</script></body></html>"#;
    let a = extract_bytes(html).expect("an article");
    assert!(a.text.contains("updated every few minutes"), "{}", a.text);
    assert!(a.text.contains("switch their domain"), "{}", a.text);
}

#[test]
fn fact_and_info_boxes_inside_the_body_are_dropped() {
    let html = br#"<html><body><article><h1>Tram fares rise</h1>
      <p>Tram fares in the city rise by ten cents from January, the transport authority decided on Wednesday after a long meeting.</p>
      <div class="art-ins factbox"><p>Key facts: the network has 12 lines, 180 trams and carried 90 million passengers last year.</p></div>
      <div class="infobox contact"><p>Press office of the transport authority, open Monday to Friday from nine to five.</p></div>
      <p>Monthly passes stay at their current price, and pupils keep travelling for free during term time.</p>
      </article></body></html>"#;
    let a = extract_bytes(html).expect("an article");
    assert!(a.text.contains("Monthly passes stay"), "{}", a.text);
    assert!(!a.text.contains("Key facts"), "{}", a.text);
    assert!(!a.text.contains("Press office"), "{}", a.text);
}

#[test]
fn affiliate_and_advertising_disclosures_are_dropped() {
    let html = br#"<html><body><article><h1>The best rain jackets</h1>
      <div class="editorial-disclosure"><p>This post contains links to shops; we may earn a small fee when you buy through them.</p></div>
      <p>We walked through three wet weeks in the hills to test twelve rain jackets, from cheap ponchos to expensive shells with taped seams.</p>
      <p>The winner kept us dry on every day and still packs into its own pocket, which matters when the sun comes out again.</p>
      <span class="affiliate-info-text">Links marked with a star earn us a commission.</span>
      </article></body></html>"#;
    let a = extract_bytes(html).expect("an article");
    assert!(a.text.contains("twelve rain jackets"), "{}", a.text);
    assert!(!a.text.contains("small fee"), "{}", a.text);
    assert!(!a.text.contains("commission"), "{}", a.text);
}

#[test]
fn commenters_and_comment_form_labels_are_not_the_author() {
    let html = br#"<html><body class="single comments-open"><article class="post">
      <h1>Snow closes the pass</h1>
      <div class="post-author"><span class="screen-reader-text">Post author</span> By <a href="/a/jn">Jan Novak</a></div>
      <p>The mountain pass was closed on Saturday after half a metre of fresh snow fell overnight, and it will stay closed until Monday.</p>
      <p>Drivers are asked to use the tunnel road, where chains are not needed but traffic is heavy.</p></article>
      <div class="comments"><div class="comment-author">Ola Berg says</div><p>Same every winter.</p>
      <form><label class="comment-form-author">Name (required)</label><input name="author"></form></div>
      </body></html>"#;
    let a = extract_bytes(html).expect("an article");
    assert_eq!(a.author.as_deref(), Some("Jan Novak"));

    let no_byline = br#"<html><body><article><h1>Snow closes the pass</h1>
      <p>The mountain pass was closed on Saturday after half a metre of fresh snow fell overnight, and it will stay closed until Monday.</p></article>
      <div id="comments"><span class="comment-author">Ola Berg says</span>
      <form><label class="comment-form-author">Name (required)</label><input name="author"></form></div>
      </body></html>"#;
    let a = extract_bytes(no_byline).expect("an article");
    assert_eq!(a.author, None);
}

#[test]
fn date_lines_are_found_after_much_indentation_and_with_two_digit_years() {
    // Template indentation is not text: the date after it is still "near the top".
    let indent: String = (0..600)
        .map(|_| {
            "<div>\n\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t</div>"
        })
        .collect();
    let page = format!(
        "<html><body>{indent}<article><h1>Ice rink opens</h1><span>06.12.2022</span>\
         <p>The ice rink on the market square opened on Tuesday evening, a week later than planned because of the mild weather.</p>\
         </article></body></html>"
    );
    let a = extract_bytes(page.as_bytes()).expect("an article");
    assert_eq!(a.published.as_deref(), Some("2022-12-06"));

    let short = br#"<html><body><article><h1>Ice rink opens</h1><div class="uploaded">23.09.22</div>
      <p>The ice rink on the market square opened on Tuesday evening, a week later than planned because of the mild weather.</p>
      </article></body></html>"#;
    let a = extract_bytes(short).expect("an article");
    assert_eq!(a.published.as_deref(), Some("2022-09-23"));
}

mod prop {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_bytes_terminate(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
            let _ = extract_bytes(&bytes);
        }

        #[test]
        fn arbitrary_markup_terminates(parts in proptest::collection::vec(
            prop_oneof![
                Just("<div>".to_string()), Just("</div>".to_string()), Just("<p>".to_string()),
                Just("<a href=x>".to_string()), Just("</a>".to_string()), Just("<table><tr><td>".to_string()),
                Just("<script>".to_string()), Just("<!--".to_string()), Just("<meta charset=latin1>".to_string()),
                "[a-zA-Zäß ,.]{0,40}",
            ], 0..200)) {
            let page = parts.concat();
            if let Ok(a) = extract_bytes(page.as_bytes()) {
                prop_assert!(!a.text.contains("\n\n\n"));
                prop_assert_eq!(a.text.trim(), a.text.as_str());
            }
        }
    }
}

/// A page with the given `<head>` and a body long enough to be an article.
fn page_with_head(head: &str, url: Option<&str>) -> Extracted {
    let html = format!(
        "<html><head>{head}</head><body><div class=main>\
         <p>The district council voted on Tuesday evening to keep the public pool open through \
         the winter, after a long debate about heating costs and the state of the building.</p>\
         <p>Swimming clubs had collected signatures for weeks, and several parents spoke at \
         the meeting before the vote was taken.</p></div></body></html>"
    );
    NewsExtractor::default()
        .extract(&Page {
            bytes: html.as_bytes(),
            url,
            content_type: None,
        })
        .expect("an article")
}

#[test]
fn title_only_in_the_title_tag_loses_the_site_name() {
    let a = page_with_head(
        "<title>Council keeps the pool open | Valley Post</title>\
         <meta property=og:site_name content=\"Valley Post\">",
        None,
    );
    assert_eq!(a.title.as_deref(), Some("Council keeps the pool open"));
}

#[test]
fn title_only_in_og_title() {
    let a = page_with_head(
        "<meta property=og:title content=\"Pool stays open all winter\">",
        None,
    );
    assert_eq!(a.title.as_deref(), Some("Pool stays open all winter"));
}

#[test]
fn date_from_json_ld() {
    let a = page_with_head(
        r#"<script type="application/ld+json">{"@context":"https://schema.org",
           "@type":"NewsArticle","headline":"Pool stays open","datePublished":"2024-11-05T18:30:00+01:00"}</script>"#,
        None,
    );
    assert_eq!(a.published.as_deref(), Some("2024-11-05T18:30:00+01:00"));
}

#[test]
fn date_from_article_published_time() {
    let a = page_with_head(
        "<meta property=\"article:published_time\" content=\"2024-11-06T07:00:00Z\">",
        None,
    );
    assert_eq!(a.published.as_deref(), Some("2024-11-06T07:00:00Z"));
}

#[test]
fn date_from_a_time_element() {
    let html = "<html><body><article><time datetime=\"2024-11-07\">7 November</time>\
        <p>The district council voted on Tuesday evening to keep the public pool open through \
        the winter, after a long debate about heating costs and the state of the building.</p>\
        </article></body></html>";
    let a = extract_bytes(html.as_bytes()).expect("an article");
    assert_eq!(a.published.as_deref(), Some("2024-11-07"));
}

#[test]
fn date_from_the_url_path() {
    let a = page_with_head(
        "<title>Pool stays open</title>",
        Some("https://post.example/local/2024/11/08/pool-stays-open/"),
    );
    assert_eq!(a.published.as_deref(), Some("2024-11-08"));
    let a = page_with_head(
        "<link rel=canonical href=\"https://post.example/2024-11-09/pool\">",
        None,
    );
    assert_eq!(a.published.as_deref(), Some("2024-11-09"));
}

#[test]
fn sign_up_box_named_as_a_bem_container_is_dropped() {
    let html = "<html><body><article class=story>\
        <p>The district council voted on Tuesday evening to keep the public pool open through \
        the winter, after a long debate about heating costs and the state of the building.</p>\
        <div class=\"newsletter__container\"><p>Get the best local stories in your inbox every \
        morning: one short letter, no adverts.</p></div>\
        <p>Swimming clubs had collected signatures for weeks, and several parents spoke at \
        the meeting before the vote was taken.</p></article></body></html>";
    let a = extract_bytes(html.as_bytes()).expect("an article");
    assert!(a.text.contains("Swimming clubs"), "{}", a.text);
    assert!(!a.text.contains("inbox"), "{}", a.text);
}

#[test]
fn related_and_sign_up_boxes_with_glued_class_words_are_dropped() {
    let html = "<html><body><article>\
        <p>The district council voted on Tuesday evening to keep the public pool open through \
        the winter, after a long debate about heating costs and the state of the building.</p>\
        <section class=\"relatedlinks\"><h2>Discover now</h2><p>Five more stories about the \
        pools, parks and playgrounds of the district, picked for you by our editors.</p></section>\
        <div class=\"news-letter-section\"><p>We have many exciting topics for you every week: \
        leave your address and get them first.</p></div>\
        <p>Swimming clubs had collected signatures for weeks, and several parents spoke at \
        the meeting before the vote was taken.</p></article></body></html>";
    let a = extract_bytes(html.as_bytes()).expect("an article");
    assert!(a.text.contains("Swimming clubs"), "{}", a.text);
    assert!(!a.text.contains("picked for you"), "{}", a.text);
    assert!(!a.text.contains("exciting topics"), "{}", a.text);
}

#[test]
fn wrapper_of_the_one_article_element_with_a_sidebar_class_is_kept() {
    // Two <h1>s (the site's logo and the headline), so the headline rule does not
    // apply; the page's one <article> sits in a column whose class names the sidebar
    // beside it.
    let html = br#"<html><body><header><h1>The Valley Post</h1></header>
      <div class="post-wrap sidebar-right">
        <article class="post"><h1>Council approves the new tram line</h1>
        <p>The city council approved the new tram line on Tuesday evening after a long debate about its cost and route.</p>
        <p>Construction is to start next spring, and the first trams should run along the river within three years.</p>
        </article>
      </div>
      <div class="sidebar"><p>Popular this week: a long list of other stories that readers liked a lot.</p>
        <p>The bakery on the corner closes after fifty years, and its owners say goodbye to the street.</p>
        <p>A new bridge for cyclists opens in the north of the city, with a party on Saturday.</p></div>
      </body></html>"#;
    let a = extract_bytes(html).expect("an article");
    assert!(
        a.text.contains("approved the new tram line on Tuesday"),
        "{}",
        a.text
    );
    assert!(a.text.contains("first trams should run"), "{}", a.text);
    assert!(!a.text.contains("Popular this week"), "{}", a.text);
}
