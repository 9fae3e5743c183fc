//! HTML pages, through the project's extractor (`parallax-extract`).

use parallax_extract::{ExtractError, Extracted, Extractor, NewsExtractor, Page};
use parallax_model::Article;

use crate::{Batch, IngestError};

/// Extract the article of one HTML page (plain or gzip-compressed: the extractor
/// recognises and inflates gzip itself).
pub fn read(name: &str, id: &str, bytes: &[u8]) -> Batch {
    match extract(bytes, None) {
        Ok(extracted) => Batch {
            articles: vec![to_article(id, extracted)],
            errors: Vec::new(),
        },
        Err(e) => Batch::error(IngestError::new(name, None, e.to_string())),
    }
}

/// Extract main text and metadata from page bytes.
pub fn extract(bytes: &[u8], url: Option<&str>) -> Result<Extracted, ExtractError> {
    NewsExtractor::default().extract(&Page {
        bytes,
        url,
        content_type: None,
    })
}

fn to_article(id: &str, extracted: Extracted) -> Article {
    Article {
        id: id.to_string(),
        url: extracted.url,
        outlet: extracted.site,
        title: extracted.title,
        published: extracted.published,
        text: extracted.text,
        lean: None,
    }
}
