//! A similarity report as text: the human table (most similar first), JSON and CSV
//! (`similarity.csv` beside a batch's gradebook).

use super::Report;
use super::pairs::Pair;

fn ranges(r: &[[u32; 2]]) -> String {
    r.iter()
        .map(|[s, e]| {
            if s == e {
                s.to_string()
            } else {
                format!("{s}-{e}")
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn likely(p: &Pair, threshold: f64) -> &'static str {
    if p.similarity >= threshold {
        "yes"
    } else {
        "no"
    }
}

/// The human table: at most `top` pairs, then the clusters and the skipped files.
pub fn human(report: &Report, top: usize) -> String {
    let mut out = String::new();
    let above = report
        .pairs
        .iter()
        .filter(|p| p.similarity >= report.threshold)
        .count();
    out.push_str(&format!(
        "{} file(s) compared, {} pair(s) share code, {above} at or above the threshold {}\n",
        report.files,
        report.pairs.len(),
        report.threshold
    ));
    if !report.base.is_empty() {
        out.push_str(&format!("base code cut out: {}\n", report.base.join(", ")));
    }
    if !report.pairs.is_empty() {
        let width = |f: fn(&Pair) -> &str| {
            report
                .pairs
                .iter()
                .take(top)
                .map(|p| f(p).len())
                .max()
                .unwrap_or(0)
                .max(1)
        };
        let (wa, wb) = (width(|p| &p.a), width(|p| &p.b));
        out.push_str(&format!(
            "\n{:>5}  {:<wa$}  {:<wb$}  {:>6}  {:>7}  lines\n",
            "sim", "a", "b", "shared", "longest"
        ));
        for p in report.pairs.iter().take(top) {
            let mark = if p.similarity >= report.threshold {
                "!"
            } else {
                " "
            };
            out.push_str(&format!(
                "{:>4.0}%{mark} {:<wa$}  {:<wb$}  {:>6}  {:>7}  {} | {}\n",
                p.similarity * 100.0,
                p.a,
                p.b,
                p.shared_tokens,
                p.longest_fragment.tokens,
                ranges(&p.a_lines),
                ranges(&p.b_lines)
            ));
        }
        if report.pairs.len() > top {
            out.push_str(&format!(
                "... {} more pair(s) (--top N shows more)\n",
                report.pairs.len() - top
            ));
        }
    }
    for (i, c) in report.clusters.iter().enumerate() {
        out.push_str(&format!("cluster {}: {}\n", i + 1, c.join(", ")));
    }
    for s in &report.skipped {
        out.push_str(&format!("skipped {}: {}\n", s.path, s.reason));
    }
    out
}

/// The report as JSON, with at most `top` pairs.
pub fn json(report: &Report, top: usize) -> String {
    let mut r = report.clone();
    r.pairs.truncate(top);
    serde_json::to_string_pretty(&r).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

/// `similarity.csv`: a row per pair that shares code.
pub fn csv(report: &Report) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| format!("cannot write similarity.csv: {e}");
    w.write_record([
        "a",
        "b",
        "language",
        "similarity",
        "shared_tokens",
        "longest_fragment",
        "a_lines",
        "b_lines",
        "likely_copy",
    ])
    .map_err(fail)?;
    for p in &report.pairs {
        w.write_record([
            p.a.as_str(),
            &p.b,
            p.language,
            &format!("{:.3}", p.similarity),
            &p.shared_tokens.to_string(),
            &p.longest_fragment.tokens.to_string(),
            &ranges(&p.a_lines),
            &ranges(&p.b_lines),
            likely(p, report.threshold),
        ])
        .map_err(fail)?;
    }
    w.into_inner()
        .map_err(|e| format!("cannot write similarity.csv: {e}"))
}

#[cfg(test)]
mod tests {
    use super::super::{Input, Options, compare};

    #[test]
    fn table_csv_and_json_agree() {
        let text = "def f(a, b):\n    total = 0\n    for i in range(a):\n        total += i * b\n        if total > 100:\n            return total\n    return -total\n";
        let files = [
            Input {
                path: "x/a.py".into(),
                bytes: text.as_bytes().to_vec(),
            },
            Input {
                path: "x/b, c.py".into(),
                bytes: text.replace("total", "t").into_bytes(),
            },
            Input {
                path: "x/n.txt".into(),
                bytes: b"notes".to_vec(),
            },
        ];
        let r = compare(&files, &[], &Options::default());
        let human = super::human(&r, 10);
        assert!(
            human.starts_with(
                "2 file(s) compared, 1 pair(s) share code, 1 at or above the threshold 0.8\n"
            ),
            "{human}"
        );
        assert!(human.contains(" 100%! x/a.py  x/b, c.py"), "{human}");
        assert!(human.contains("  1-7 | 1-7\n"), "{human}");
        assert!(human.ends_with("skipped x/n.txt: unknown extension (`.txt`): compared are .py, .java, .js, .c, .cpp and .rs files\n"), "{human}");
        let csv = String::from_utf8(super::csv(&r).unwrap()).unwrap();
        assert_eq!(
            csv.lines().nth(1),
            Some("x/a.py,\"x/b, c.py\",python,1.000,37,37,1-7,1-7,yes")
        );
        let json: serde_json::Value = serde_json::from_str(&super::json(&r, 0)).unwrap();
        assert_eq!(json["pairs"], serde_json::json!([]), "--top 0");
        assert_eq!(json["threshold"], 0.8);
        assert_eq!(json["skipped"][0]["path"], "x/n.txt");
    }
}
