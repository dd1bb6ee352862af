//! `report.html`: one self-contained page (inline CSS, JavaScript and SVG, no network assets)
//! drawn from the batch's JSON embedded in the page: a score histogram, the verdict
//! distribution, the pass rate per test and a sortable, filterable table of students whose rows
//! open on every test's verdict and message. The template is `report.html` beside this file.

use super::output::Batch;
use crate::error::{Error, Result};

const TEMPLATE: &str = include_str!("report.html");

/// The page for `batch`.
pub fn html(batch: &Batch) -> Result<Vec<u8>> {
    let json = serde_json::to_string(batch)
        .map_err(|e| Error::judge(format!("cannot encode the report data: {e}")))?;
    // Inside <script>, `</script>` or `<!--` in a student's message must not end the block:
    // `<` only occurs inside JSON strings, where `\u003c` means the same.
    let json = json.replace('<', "\\u003c");
    let title = escape(&format!("{} · batch report", batch.title));
    Ok(TEMPLATE
        .replacen("__TITLE__", &title, 1)
        .replacen("__DATA__", &json, 1)
        .into_bytes())
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::output::Summary;

    #[test]
    fn data_cannot_close_the_script_and_nothing_loads_from_the_network() {
        let key = crate::batch::journal::Key {
            student: "</script><script>alert(1)</script>".into(),
            file: None,
            file_sha256: None,
            reason: None,
            spec_sha256: "s".into(),
            settings: String::new(),
        };
        let entries = vec![crate::batch::Entry::error(
            key,
            1.0,
            "<!-- x".into(),
            "basic".into(),
        )];
        let batch = Batch {
            format_version: 1,
            problem: "p".into(),
            title: "A & <B>".into(),
            spec_sha256: "s".into(),
            grader_version: "0".into(),
            sandbox_level: "basic".into(),
            grader_peak_rss_bytes: None,
            shard: None,
            tests: vec![],
            summary: Summary::of(&[], &entries, 1.0),
            submissions: &entries,
        };
        let page = String::from_utf8(html(&batch).unwrap()).unwrap();
        assert_eq!(
            page.matches("</script>").count(),
            2,
            "only the template's two"
        );
        assert!(!page.contains("<!-- x"));
        assert!(page.contains("<title>A &amp; &lt;B&gt; · batch report</title>"));
        for remote in ["http://", "https://", "src=", "href="] {
            let hits: Vec<&str> = page
                .lines()
                .filter(|l| l.contains(remote) && !l.contains("http://www.w3.org/2000/svg"))
                .collect();
            assert!(hits.is_empty(), "{remote}: {hits:?}");
        }
    }
}
