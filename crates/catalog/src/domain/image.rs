//! Which image URLs a product or category may hold (ADR 37), and the catalog's
//! own pictures, stored in the repository under `crates/catalog/images/`.

use kit::FieldError;

/// Longest image URL, in characters.
pub const MAX_CHARS: usize = 2048;

/// Where the catalog serves its own pictures.
pub const OWN_PREFIX: &str = "/api/catalog/images/";

/// File extensions accepted for image URLs that end in one.
pub const EXTENSIONS: [&str; 7] = ["avif", "gif", "jpeg", "jpg", "png", "svg", "webp"];

/// What an image URL must be, said once for every error.
pub const RULE: &str = "must be an `https` URL of an image or a catalog image path \
    (`/api/catalog/images/<file>`), without spaces or credentials";

/// The catalog's own pictures: `(file name, SVG text)`.
const FILES: &[(&str, &str)] = include!("../../images/files.in");

/// The stored picture named `file`, if there is one.
pub fn own_file(file: &str) -> Option<&'static str> {
    FILES
        .binary_search_by(|(name, _)| name.cmp(&file))
        .ok()
        .map(|i| FILES[i].1)
}

/// Ok when `url` is an image URL the catalog accepts: an `https` URL without
/// credentials whose path, if it ends in an extension, ends in an image one;
/// or the path of one of the catalog's own pictures. The text rule (length,
/// control characters) has run already.
pub fn check(field: &str, url: &str) -> Result<(), FieldError> {
    let refuse = || FieldError::new(field, RULE);
    if url.chars().any(|c| {
        c.is_whitespace() || matches!(c, '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}')
    }) {
        return Err(refuse());
    }
    if let Some(file) = url.strip_prefix(OWN_PREFIX) {
        return match own_file(file) {
            Some(_) => Ok(()),
            None => Err(FieldError::new(field, "names no catalog image")),
        };
    }
    let parsed = url::Url::parse(url).map_err(|_| refuse())?;
    if parsed.scheme() != "https"
        || parsed.host_str().is_none_or(str::is_empty)
        || !parsed.username().is_empty()
        || parsed.password().is_some()
    {
        return Err(refuse());
    }
    let last = parsed
        .path_segments()
        .and_then(|mut s| s.next_back())
        .unwrap_or_default();
    if let Some((_, ext)) = last.rsplit_once('.')
        && !EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
    {
        return Err(FieldError::new(
            field,
            format!("must end in an image extension ({})", EXTENSIONS.join(", ")),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_https_images_and_own_pictures() {
        for url in [
            "https://cdn.example.com/p/1.webp",
            "https://cdn.example.com/p/1.JPG?w=640",
            "https://images.example.com/abc123",
            "/api/catalog/images/wireless-headphones.svg",
        ] {
            assert!(check("images[0]", url).is_ok(), "{url}");
        }
    }

    #[test]
    fn refuses_other_schemes_credentials_spaces_and_unknown_files() {
        for url in [
            "http://cdn.example.com/a.png",
            "javascript:alert(1)",
            "data:image/png;base64,AAAA",
            "https://user:pw@cdn.example.com/a.png",
            "https://cdn.example.com/a b.png",
            "https://cdn.example.com/a.exe",
            "//cdn.example.com/a.png",
            "/api/catalog/images/nothing-here.svg",
            "/api/catalog/images/../secret",
            "/etc/passwd",
            "keyboard.png",
        ] {
            assert!(check("images[0]", url).is_err(), "{url}");
        }
    }

    #[test]
    fn own_files_are_sorted_for_the_lookup() {
        assert!(FILES.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(own_file("wireless-headphones.svg").is_some());
    }
}
