//! The exported package's statement: `statement.md` converted to the LaTeX that problemtools'
//! legacy format reads (`problem_statement/problem.en.tex`, opened by `\problemname`). A small
//! conversion of the Markdown statements use: ATX headings, paragraphs, fenced and indented
//! code blocks, bullet and numbered lists (nested by indentation), block quotes, rules, pipe
//! tables (kept verbatim), and inline code, bold, italics and links; every other character is
//! escaped, so the text comes out as written.

/// The whole `problem.en.tex` for a problem titled `title` with the Markdown `markdown` (none:
/// a statement saying so).
pub fn to_latex(title: &str, markdown: Option<&str>) -> String {
    let mut out = format!("\\problemname{{{}}}\n\n", escape(title));
    match markdown {
        Some(md) => {
            let lines: Vec<&str> = md.lines().collect();
            // A leading `# Title` repeats the problem name that `\problemname` prints.
            let body = match lines.iter().position(|l| !l.trim().is_empty()) {
                Some(i) if heading(lines[i]).is_some_and(|(level, _)| level == 1) => {
                    &lines[i + 1..]
                }
                _ => &lines[..],
            };
            blocks(body, &mut out);
        }
        None => out.push_str("The problem was exported without a statement.\n"),
    }
    out
}

/// `# text` as (level, text).
fn heading(line: &str) -> Option<(usize, &str)> {
    let level = line.chars().take_while(|&c| c == '#').count();
    let rest = &line[level..];
    if (1..=6).contains(&level) && (rest.is_empty() || rest.starts_with(' ')) {
        Some((level, rest.trim().trim_end_matches('#').trim_end()))
    } else {
        None
    }
}

/// A list item's marker: (ordered, width of marker and the space after it).
fn list_marker(line: &str) -> Option<(bool, usize)> {
    let t = line.trim_start();
    let indent = line.len() - t.len();
    if indent > 3 {
        return None;
    }
    for m in ["- ", "* ", "+ "] {
        if t.starts_with(m) {
            return Some((false, indent + 2));
        }
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let rest = &t[digits..];
        if rest.starts_with(". ") || rest.starts_with(") ") {
            return Some((true, indent + digits + 2));
        }
    }
    None
}

fn fence(line: &str) -> Option<&str> {
    let t = line.trim_start();
    ["```", "~~~"].into_iter().find(|f| t.starts_with(f))
}

fn is_rule(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    t.len() >= 3
        && (t.chars().all(|c| c == '-')
            || t.chars().all(|c| c == '*')
            || t.chars().all(|c| c == '_'))
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Removes up to `n` leading spaces.
fn dedent(line: &str, n: usize) -> &str {
    &line[indent_of(line).min(n)..]
}

fn verbatim(lines: &[&str], out: &mut String) {
    if lines.iter().any(|l| l.contains("\\end{verbatim}")) {
        // The one text verbatim cannot hold: typewriter lines, escaped.
        out.push_str("\\begin{flushleft}\\ttfamily\n");
        for l in lines {
            out.push_str(&escape(l));
            out.push_str("\\\\\n");
        }
        out.push_str("\\end{flushleft}\n\n");
        return;
    }
    out.push_str("\\begin{verbatim}\n");
    for l in lines {
        out.push_str(l);
        out.push('\n');
    }
    out.push_str("\\end{verbatim}\n\n");
}

/// Converts a run of block-level lines.
fn blocks(lines: &[&str], out: &mut String) {
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.trim().is_empty() {
            i += 1;
            continue;
        }
        if let Some(f) = fence(line) {
            let start = i + 1;
            let mut end = start;
            while end < lines.len() && !lines[end].trim_start().starts_with(f) {
                end += 1;
            }
            let indent = indent_of(line);
            let body: Vec<&str> = lines[start..end]
                .iter()
                .map(|l| dedent(l, indent))
                .collect();
            verbatim(&body, out);
            i = end + 1;
            continue;
        }
        if indent_of(line) >= 4 {
            let mut end = i;
            while end < lines.len() && (indent_of(lines[end]) >= 4 || lines[end].trim().is_empty())
            {
                end += 1;
            }
            while end > i && lines[end - 1].trim().is_empty() {
                end -= 1;
            }
            let body: Vec<&str> = lines[i..end].iter().map(|l| dedent(l, 4)).collect();
            verbatim(&body, out);
            i = end;
            continue;
        }
        if let Some((level, text)) = heading(line) {
            let cmd = if level <= 2 { "section" } else { "subsection" };
            out.push_str(&format!("\\{cmd}*{{{}}}\n\n", inline(text)));
            i += 1;
            continue;
        }
        if is_rule(line) {
            out.push_str("\\par\\noindent\\rule{\\linewidth}{0.4pt}\n\n");
            i += 1;
            continue;
        }
        if line.trim_start().starts_with('|') {
            let mut end = i;
            while end < lines.len() && lines[end].trim_start().starts_with('|') {
                end += 1;
            }
            verbatim(&lines[i..end], out);
            i = end;
            continue;
        }
        if line.trim_start().starts_with('>') {
            let mut end = i;
            let mut inner = Vec::new();
            while end < lines.len() && lines[end].trim_start().starts_with('>') {
                let t = lines[end].trim_start()[1..].strip_prefix(' ');
                inner.push(t.unwrap_or(&lines[end].trim_start()[1..]));
                end += 1;
            }
            out.push_str("\\begin{quote}\n");
            blocks(&inner, out);
            out.push_str("\\end{quote}\n\n");
            i = end;
            continue;
        }
        if let Some((ordered, _)) = list_marker(line) {
            i = list(lines, i, ordered, out);
            continue;
        }
        // A paragraph: up to a blank line or the start of another block.
        let mut end = i + 1;
        while end < lines.len() {
            let l = lines[end];
            if l.trim().is_empty()
                || heading(l).is_some()
                || fence(l).is_some()
                || list_marker(l).is_some()
                || l.trim_start().starts_with('>')
            {
                break;
            }
            end += 1;
        }
        let text: Vec<&str> = lines[i..end].iter().map(|l| l.trim()).collect();
        out.push_str(&inline(&text.join("\n")));
        out.push_str("\n\n");
        i = end;
    }
}

/// Converts the list starting at `lines[start]`; returns the index after it.
fn list(lines: &[&str], start: usize, ordered: bool, out: &mut String) -> usize {
    let env = if ordered { "enumerate" } else { "itemize" };
    out.push_str(&format!("\\begin{{{env}}}\n"));
    let base = indent_of(lines[start]);
    let mut i = start;
    while i < lines.len() {
        let Some((o, width)) = list_marker(lines[i]) else {
            break;
        };
        if o != ordered || indent_of(lines[i]) != base {
            break;
        }
        // The item: its first line after the marker, then the lines indented under it (or
        // continuing its paragraph lazily), up to the next item or a blank line followed by
        // something not indented.
        let mut item = vec![&lines[i][width..]];
        let mut j = i + 1;
        while j < lines.len() {
            let l = lines[j];
            if l.trim().is_empty() {
                match lines.get(j + 1) {
                    Some(next) if indent_of(next) >= width => {
                        item.push("");
                        j += 1;
                        continue;
                    }
                    _ => break,
                }
            }
            if indent_of(l) >= width {
                item.push(dedent(l, width));
            } else if list_marker(l).is_some() || heading(l).is_some() || fence(l).is_some() {
                break;
            } else if item.last().is_some_and(|p| !p.trim().is_empty()) {
                item.push(l.trim_start());
            } else {
                break;
            }
            j += 1;
        }
        out.push_str("\\item ");
        let mut body = String::new();
        blocks(&item, &mut body);
        out.push_str(body.trim_end());
        out.push('\n');
        i = j;
        // Blank lines between items of the same list.
        while i < lines.len()
            && lines[i].trim().is_empty()
            && lines
                .get(i + 1)
                .and_then(|l| list_marker(l).map(|(o, _)| (o, indent_of(l))))
                == Some((ordered, base))
        {
            i += 1;
        }
    }
    out.push_str(&format!("\\end{{{env}}}\n\n"));
    i
}

/// Converts inline Markdown: code spans, bold, italics, links; the rest escaped.
fn inline(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && i + 1 < chars.len() && chars[i + 1].is_ascii_punctuation() {
            out.push_str(&escape(&chars[i + 1].to_string()));
            i += 2;
            continue;
        }
        if c == '`' {
            let ticks = chars[i..].iter().take_while(|&&c| c == '`').count();
            let open = i + ticks;
            if let Some(close) = find_run(&chars, open, '`', ticks) {
                let code: String = chars[open..close].iter().collect();
                let code = code
                    .strip_prefix(' ')
                    .and_then(|c| c.strip_suffix(' '))
                    .unwrap_or(&code);
                out.push_str(&format!("\\texttt{{{}}}", escape_tt(code)));
                i = close + ticks;
                continue;
            }
        }
        if (c == '*' || c == '_') && i + 1 < chars.len() {
            let strong = chars[i + 1] == c;
            let n = if strong { 2 } else { 1 };
            let open = i + n;
            // `_` inside a word (snake_case) is a character, not emphasis.
            let intraword = c == '_' && i > 0 && chars[i - 1].is_alphanumeric();
            if !intraword
                && open < chars.len()
                && !chars[open].is_whitespace()
                && let Some(close) = find_run(&chars, open, c, n)
                && !chars[close - 1].is_whitespace()
            {
                let inner: String = chars[open..close].iter().collect();
                let cmd = if strong { "textbf" } else { "emph" };
                out.push_str(&format!("\\{cmd}{{{}}}", inline(&inner)));
                i = close + n;
                continue;
            }
        }
        if c == '['
            && let Some((label, url, end)) = link(&chars, i)
        {
            out.push_str(&format!(
                "\\href{{{}}}{{{}}}",
                escape_url(&url),
                inline(&label)
            ));
            i = end;
            continue;
        }
        out.push_str(&escape(&c.to_string()));
        i += 1;
    }
    out
}

/// The index of the next run of exactly `n` `c` characters at or after `from`.
fn find_run(chars: &[char], from: usize, c: char, n: usize) -> Option<usize> {
    let mut i = from;
    while i < chars.len() {
        if chars[i] == c {
            let run = chars[i..].iter().take_while(|&&x| x == c).count();
            if run == n {
                return Some(i);
            }
            i += run;
        } else {
            i += 1;
        }
    }
    None
}

/// `[label](url)` at `start`: (label, url, index after it).
fn link(chars: &[char], start: usize) -> Option<(String, String, usize)> {
    let close = chars[start..].iter().position(|&c| c == ']')? + start;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let end = chars[close + 2..].iter().position(|&c| c == ')')? + close + 2;
    Some((
        chars[start + 1..close].iter().collect(),
        chars[close + 2..end].iter().collect(),
        end + 1,
    ))
}

/// Escapes text for LaTeX.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '$' | '&' | '#' | '%' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '<' => out.push_str("\\textless{}"),
            '>' => out.push_str("\\textgreater{}"),
            '|' => out.push_str("\\textbar{}"),
            '²' => out.push_str("\\textsuperscript{2}"),
            '³' => out.push_str("\\textsuperscript{3}"),
            '…' => out.push_str("\\dots{}"),
            '≤' => out.push_str("$\\le$"),
            '≥' => out.push_str("$\\ge$"),
            '≠' => out.push_str("$\\ne$"),
            '×' => out.push_str("$\\times$"),
            '→' => out.push_str("$\\to$"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes code for `\texttt`: as [`escape`], and `-`, quotes and spaces kept as typed (no
/// ligatures, no curly quotes, no collapsed runs).
fn escape_tt(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '-' => out.push_str("-{}"),
            '\'' => out.push_str("\\textquotesingle{}"),
            '"' => out.push_str("\\textquotedbl{}"),
            '`' => out.push_str("\\textasciigrave{}"),
            ' ' => out.push_str("\\ "),
            _ => out.push_str(&escape(&c.to_string())),
        }
    }
    out
}

/// A URL for `\href`: `%` and `#` escaped, braces and backslashes dropped.
fn escape_url(url: &str) -> String {
    url.chars()
        .filter(|c| !matches!(c, '{' | '}' | '\\'))
        .map(|c| match c {
            '%' | '#' => format!("\\{c}"),
            _ => c.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_paragraphs_code_and_lists() {
        let md = "# Title\n\nPrint the **length** of `s_1`, *not* 50% of it.\nSecond line.\n\n## Input\n\n- one `a-b`\n- two\n  continued\n  - nested\n\n1. first\n2. second\n\n```\nx_y {z}\n```\n";
        let tex = to_latex("A & B", Some(md));
        assert_eq!(
            tex,
            "\\problemname{A \\& B}\n\n\
             Print the \\textbf{length} of \\texttt{s\\_1}, \\emph{not} 50\\% of it.\nSecond line.\n\n\
             \\section*{Input}\n\n\
             \\begin{itemize}\n\\item one \\texttt{a-{}b}\n\\item two\ncontinued\n\n\\begin{itemize}\n\\item nested\n\\end{itemize}\n\\end{itemize}\n\n\
             \\begin{enumerate}\n\\item first\n\\item second\n\\end{enumerate}\n\n\
             \\begin{verbatim}\nx_y {z}\n\\end{verbatim}\n\n"
        );
    }

    #[test]
    fn specials_are_escaped_and_snake_case_is_not_emphasis() {
        assert_eq!(
            inline("a_b_c ~ ^ \\ $x$ #1 [doc](https://e.org/a%20b) 1 ≤ n"),
            "a\\_b\\_c \\textasciitilde{} \\textasciicircum{} \\textbackslash{} \\$x\\$ \\#1 \\href{https://e.org/a\\%20b}{doc} 1 $\\le$ n"
        );
        // Unclosed markers are text.
        assert_eq!(inline("2 * 3 and `x"), "2 * 3 and `x");
    }

    #[test]
    fn no_statement_says_so() {
        assert!(to_latex("T", None).contains("without a statement"));
    }
}
