//! `report.html`: one self-contained page (inline CSS, JavaScript and SVG, no network assets)
//! drawn from the batch's JSON embedded in the page: a score histogram, the verdict
//! distribution, the pass rate per test and a sortable, filterable table of students whose rows
//! open on every test's verdict and message. With `--similarity`, the most similar pairs and
//! a side-by-side view of each with the shared fragments highlighted. The template is
//! `report.html` beside this file.

use super::output::Batch;
use crate::error::{Error, Result};
use crate::similar::Similarity;

const TEMPLATE: &str = include_str!("report.html");

/// Pairs in the similarity table of the page.
const PAIRS: usize = 50;

/// The page for `batch`, with the similarity section when there is one.
pub fn html(batch: &Batch, similarity: Option<&Similarity>) -> Result<Vec<u8>> {
    let json = script_json(batch)?;
    let similar = match similarity {
        Some(s) => {
            let mut view = s.clone();
            view.report.pairs.truncate(PAIRS);
            script_json(&view)?
        }
        None => "null".into(),
    };
    let title = escape(&format!("{} · batch report", batch.title));
    Ok(TEMPLATE
        .replacen("__TITLE__", &title, 1)
        .replacen("__DATA__", &json, 1)
        .replacen("__SIMILARITY__", &similar, 1)
        .into_bytes())
}

/// `value` as JSON to embed in a `<script>` block.
fn script_json(value: &impl serde::Serialize) -> Result<String> {
    let json = serde_json::to_string(value)
        .map_err(|e| Error::judge(format!("cannot encode the report data: {e}")))?;
    // Inside <script>, `</script>` or `<!--` in a student's message or source must not end the
    // block: `<` only occurs inside JSON strings, where `\u003c` means the same.
    Ok(json.replace('<', "\\u003c"))
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
            roster: None,
            tests: vec![],
            summary: Summary::of(&[], &entries, 1.0),
            submissions: &entries,
        };
        let similar = crate::similar::compare(
            &[
                crate::similar::Input {
                    path: "a.py".into(),
                    bytes: b"s = '</script><script>alert(2)</script>'\nfor i in range(10):\n    print(i * i, s)\n".to_vec(),
                },
                crate::similar::Input {
                    path: "</script>.py".into(),
                    bytes: b"t = '</script><!--'\nfor j in range(10):\n    print(j * j, t)\n".to_vec(),
                },
            ],
            &[],
            &crate::similar::Options { k: 5, ..Default::default() },
        );
        assert_eq!(similar.pairs.len(), 1);
        let inputs = [crate::similar::Input {
            path: "a.py".into(),
            bytes: b"<!-- x".to_vec(),
        }];
        let similar = crate::similar::with_sources(similar, &inputs, 10);
        let page = String::from_utf8(html(&batch, Some(&similar)).unwrap()).unwrap();
        assert_eq!(
            page.matches("</script>").count(),
            3,
            "only the template's three"
        );
        assert!(!page.contains("<!-- x"));
        assert!(
            page.contains(r#""sources":{"a.py":"\u003c!-- x"}"#),
            "the source, escaped"
        );
        let without = String::from_utf8(html(&batch, None).unwrap()).unwrap();
        assert!(
            without
                .contains(r#"<script type="application/json" id="similarity-data">null</script>"#)
        );
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
