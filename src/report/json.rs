//! `--format json`: the whole report as one JSON document on stdout, written when the run ends.

use crate::judge::{Event, Reporter};
use std::io::Write;

pub struct Json<W: Write> {
    out: W,
}

impl<W: Write> Json<W> {
    pub fn new(out: W) -> Self {
        Json { out }
    }
}

impl<W: Write> Reporter for Json<W> {
    fn event(&mut self, event: &Event) {
        if let Event::Done(report) = event
            && let Ok(text) = serde_json::to_string_pretty(report)
        {
            let _ = writeln!(self.out, "{text}");
            let _ = self.out.flush();
        }
    }
}
