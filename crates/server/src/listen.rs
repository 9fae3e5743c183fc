//! Listening: each story's narration as audio, made on its first request and kept per
//! briefing revision, served with byte ranges (`/api/stories/{id}/audio`), and the
//! podcast feed of recent briefings (`/podcast.xml`).

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::{Path, Request, State as AxState};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use parallax_audio::{script, Audio, AudioError, Narrator, Settings};
use parallax_model::Briefing;
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;
use tower_http::services::ServeFile;

use crate::app::{blocking, origin, with_type, ApiError, State};
use crate::error::ServerError;

/// Briefings in the podcast feed: the newest stories.
const PODCAST_ITEMS: usize = 20;

/// One story's audio as last made.
#[derive(Debug, Clone)]
struct Made {
    /// Hash of the script and settings it was made from: a new briefing revision
    /// changes the script, and so the audio.
    key: u64,
    path: PathBuf,
    audio: Audio,
}

/// The narrator, why audio cannot be made (checked once at start), and the audio made.
#[derive(Debug)]
pub struct Listening {
    narrator: Narrator,
    unavailable: Option<String>,
    dir: tempfile::TempDir,
    made: Mutex<HashMap<String, Made>>,
    /// One synthesis at a time: it is CPU-bound, and two requests for the same story
    /// then make its audio once.
    making: Mutex<()>,
}

impl Listening {
    /// A narrator with `settings`, its programs checked, and an empty audio folder.
    pub fn new(settings: Settings) -> Result<Listening, ServerError> {
        let narrator = Narrator::new(settings)?;
        let unavailable = narrator.check().err().map(|e| e.to_string());
        if let Some(why) = &unavailable {
            eprintln!("parallax serve: audio unavailable: {why}");
        }
        let dir = tempfile::Builder::new()
            .prefix("parallax-audio-")
            .tempdir()
            .map_err(ServerError::Io)?;
        Ok(Listening {
            narrator,
            unavailable,
            dir,
            made: Mutex::new(HashMap::new()),
            making: Mutex::new(()),
        })
    }

    /// Why audio cannot be made here, if it cannot.
    pub fn unavailable(&self) -> Option<&str> {
        self.unavailable.as_deref()
    }

    /// The audio file of `briefing`, made now unless this revision's is kept.
    fn audio(&self, briefing: &Briefing) -> Result<Made, ServerError> {
        if let Some(why) = &self.unavailable {
            return Err(ServerError::AudioUnavailable(why.clone()));
        }
        let script = script(briefing);
        let mut hasher = std::hash::DefaultHasher::new();
        script.hash(&mut hasher);
        self.narrator.settings().hash(&mut hasher);
        let key = hasher.finish();
        let kept = || {
            let made = self.made.lock().unwrap_or_else(|e| e.into_inner());
            made.get(&briefing.story)
                .filter(|m| m.key == key && m.path.is_file())
                .cloned()
        };
        if let Some(made) = kept() {
            return Ok(made);
        }
        let _turn = self.making.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(made) = kept() {
            return Ok(made);
        }
        // Story ids are `s-` and hex digits, but the name must not depend on it.
        let name: String = briefing
            .story
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .take(64)
            .collect();
        let format = self.narrator.settings().format;
        let path = self
            .dir
            .path()
            .join(format!("{name}-{key:016x}.{}", format.extension()));
        let audio = self.narrator.render(&script, &path)?;
        let made = Made { key, path, audio };
        let old = self
            .made
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(briefing.story.clone(), made.clone());
        // The previous revision's audio is not served again.
        if let Some(old) = old.filter(|o| o.path != made.path) {
            let _ = std::fs::remove_file(old.path);
        }
        Ok(made)
    }
}

impl From<AudioError> for ServerError {
    fn from(e: AudioError) -> ServerError {
        match e {
            AudioError::Missing { .. } => ServerError::AudioUnavailable(e.to_string()),
            other => ServerError::Audio(other),
        }
    }
}

/// `/api/stories/{id}/audio`: the story's narration, with `Range` requests answered by
/// `tower-http`'s file service (206 with `Content-Range`, 416 past the end).
pub async fn story_audio(
    AxState(state): AxState<Arc<State>>,
    Path(id): Path<String>,
    request: Request,
) -> Response {
    let made = blocking(&state, move |state| {
        let briefing = state
            .briefing(&id)?
            .ok_or_else(|| ServerError::NotFound(format!("no story {id}")))?;
        state.listening.audio(&briefing)
    })
    .await;
    let made = match made {
        Ok(made) => made,
        Err(e) => return ApiError(e).into_response(),
    };
    let content_type = state.listening.narrator.settings().format.content_type();
    let served = ServeFile::new_with_mime(
        &made.path,
        &content_type
            .parse()
            .unwrap_or(mime::APPLICATION_OCTET_STREAM),
    )
    .try_call(request)
    .await;
    match served {
        Ok(response) => response.map(Body::new),
        Err(e) => ApiError(ServerError::Io(e)).into_response(),
    }
}

/// One episode of the podcast.
struct Episode {
    briefing: Arc<Briefing>,
    day: Option<String>,
    made: Made,
}

/// `/podcast.xml`: RSS 2.0 with the iTunes fields podcast apps read, one episode (with
/// its `<enclosure>`) per recent briefing.
pub async fn podcast(AxState(state): AxState<Arc<State>>, headers: HeaderMap) -> Response {
    let base = format!("http://{}", origin(&headers));
    let result = blocking(&state, move |state| {
        let stories = state.stories()?;
        let mut episodes = Vec::new();
        for s in stories.iter().take(PODCAST_ITEMS) {
            if let Some(briefing) = state.briefing_of(&s.id, Some(s.articles))? {
                let made = state.listening.audio(&briefing)?;
                episodes.push(Episode {
                    briefing,
                    day: s.last_day.clone(),
                    made,
                });
            }
        }
        let content_type = state.listening.narrator.settings().format.content_type();
        rss(&base, &episodes, content_type).map_err(ServerError::Io)
    })
    .await;
    match result {
        Ok(xml) => with_type(xml, "application/rss+xml; charset=utf-8"),
        Err(e) => ApiError(e).into_response(),
    }
}

/// Text XML 1.0 allows (no control characters but tab and line ends, no U+FFFE/U+FFFF);
/// quick-xml escapes markup but passes these through.
fn xml_text(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            ((c as u32) >= 0x20 || matches!(c, '\t' | '\n' | '\r'))
                && !matches!(c, '\u{FFFE}' | '\u{FFFF}')
        })
        .collect()
}

fn element<W: std::io::Write>(w: &mut Writer<W>, name: &str, text: &str) -> std::io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(&xml_text(text)))?;
    Ok(())
}

/// `HH:MM:SS`, as `itunes:duration` wants.
fn duration(seconds: f64) -> String {
    let s = seconds.max(0.0).round() as u64;
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// RFC 822 date of a publication day (`YYYY-MM-DD…`), as RSS wants.
fn rfc822(day: Option<&str>) -> Option<String> {
    let date = chrono::NaiveDate::parse_from_str(day?.get(..10)?, "%Y-%m-%d").ok()?;
    Some(date.format("%a, %d %b %Y 00:00:00 +0000").to_string())
}

fn rss(base: &str, episodes: &[Episode], content_type: &str) -> std::io::Result<String> {
    const ABOUT: &str = "Parallax briefings read aloud: the facts several outlets report, where they disagree, and the competing narratives, each as provided by a named outlet.";
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 1);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("rss")
        .with_attributes([
            ("version", "2.0"),
            ("xmlns:itunes", "http://www.itunes.com/dtds/podcast-1.0.dtd"),
        ])
        .write_inner_content(|w| {
            w.create_element("channel").write_inner_content(|w| {
                element(w, "title", "Parallax briefings")?;
                element(w, "link", &format!("{base}/"))?;
                element(w, "description", ABOUT)?;
                element(w, "language", "en")?;
                element(w, "itunes:author", "Parallax")?;
                element(w, "itunes:summary", ABOUT)?;
                w.create_element("itunes:category")
                    .with_attribute(("text", "News"))
                    .write_empty()?;
                element(w, "itunes:explicit", "false")?;
                for e in episodes {
                    episode(w, base, e, content_type)?;
                }
                Ok(())
            })?;
            Ok(())
        })?;
    let mut xml = String::from_utf8_lossy(&w.into_inner()).into_owned();
    xml.push('\n');
    Ok(xml)
}

fn episode<W: std::io::Write>(
    w: &mut Writer<W>,
    base: &str,
    e: &Episode,
    content_type: &str,
) -> std::io::Result<()> {
    let b = &e.briefing;
    let id = crate::view::path_segment(&b.story);
    let summary = if b.lede.is_empty() {
        &b.headline
    } else {
        &b.lede
    };
    w.create_element("item").write_inner_content(|w| {
        element(w, "title", &b.headline)?;
        element(w, "link", &format!("{base}/stories/{id}"))?;
        element(w, "description", summary)?;
        w.create_element("guid")
            .with_attribute(("isPermaLink", "false"))
            .write_text_content(BytesText::new(&format!(
                "{}-{:016x}",
                xml_text(&b.story),
                e.made.key
            )))?;
        if let Some(date) = rfc822(e.day.as_deref()) {
            element(w, "pubDate", &date)?;
        }
        w.create_element("enclosure")
            .with_attributes([
                ("url", format!("{base}/api/stories/{id}/audio").as_str()),
                ("length", e.made.audio.bytes.to_string().as_str()),
                ("type", content_type),
            ])
            .write_empty()?;
        element(w, "itunes:title", &b.headline)?;
        element(w, "itunes:summary", summary)?;
        element(w, "itunes:duration", &duration(e.made.audio.seconds))?;
        element(w, "itunes:explicit", "false")?;
        Ok(())
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_dates_read_as_feeds_want() {
        assert_eq!(duration(3725.4), "01:02:05");
        assert_eq!(duration(-1.0), "00:00:00");
        assert_eq!(
            rfc822(Some("2026-10-14T10:00:00Z")).as_deref(),
            Some("Wed, 14 Oct 2026 00:00:00 +0000")
        );
        assert_eq!(rfc822(Some("someday")), None);
        assert_eq!(xml_text("a\u{1}b\u{FFFF}\n"), "ab\n");
    }
}
