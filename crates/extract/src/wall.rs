//! Paywalls, consent walls and login walls: pages whose article text is not there for
//! the reader (or for us) until something is paid, accepted or logged into.

use std::sync::LazyLock;

use regex::Regex;

use crate::meta::Meta;
use crate::WallKind;

static CONSENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:cookies?|consent|privacy\s+(?:settings|preferences)|datenschutz(?:einstellungen)?|einwilligung|zustimm|akzeptieren|accept\s+all|alle\s+akzeptieren|before\s+you\s+continue|bevor\s+sie\s+fortfahren|tout\s+accepter|aceptar|zgod[ay]|partners?)\b")
        .expect("valid regex")
});
static PAYWALL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:subscribe\s+(?:now|to\s+(?:continue|read))|subscribers?\s+only|already\s+a\s+subscriber|to\s+continue\s+reading|jetzt\s+(?:abonnieren|weiterlesen)|abo(?:nnement)?\s+abschließen|plus-artikel|réservé\s+aux\s+abonnés|exclusivo\s+para\s+suscriptores|sign\s+in\s+to\s+continue)")
        .expect("valid regex")
});
static LOGIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:log\s*in|sign\s*in|anmelden|einloggen|connexion|iniciar\s+sesión)\b")
        .expect("valid regex")
});

/// The wall in front of the article and what gave it away, or `None`.
pub fn detect(
    meta: &Meta,
    text: &str,
    visible: &str,
    has_password: bool,
) -> Option<(WallKind, String)> {
    let chars = text.chars().count();
    if chars >= 1500 {
        return None;
    }
    // The page's visible text is scanned only when the article text is nearly empty
    // and the page small: the scan is the costly part of this check.
    let consent_hits = if chars < 50 && visible.len() < 4 * 6000 && visible.chars().count() < 6000 {
        CONSENT.find_iter(visible).count()
    } else {
        0
    };
    let text_hits = CONSENT.find_iter(text).count();
    let consent_text = text_hits >= 3 && text_hits * 120 >= chars;
    if consent_hits >= 3 || consent_text {
        return Some((
            WallKind::Consent,
            format!("{consent_hits} consent terms and {chars} characters of text"),
        ));
    }
    if meta.ld.paywalled && chars < 400 {
        return Some((
            WallKind::Paywall,
            "isAccessibleForFree is false and the text is short".into(),
        ));
    }
    if chars < 300 && PAYWALL.is_match(visible) {
        return Some((
            WallKind::Paywall,
            "a subscription notice and a short text".into(),
        ));
    }
    if has_password && LOGIN.is_match(visible) && chars < 150 {
        return Some((WallKind::Login, "a login form and almost no text".into()));
    }
    None
}
