//! Reading a process's `/proc` files: the fields of `/proc/PID/stat` (state, CPU time, start
//! time) and the peak resident memory (`VmHWM`) of `/proc/PID/status`. One parser for the
//! sandbox's watchdog and stale-state sweep, the SQL backends' evidence and the grader's own
//! peak memory in the report. Imports nothing of the grader's.

use std::time::Duration;

/// Which CPU times of `/proc/PID/stat` count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cpu {
    /// utime + stime (fields 14 and 15): the process's own threads.
    Own,
    /// utime + stime + cutime + cstime (fields 14 to 17): its reaped children too.
    WithChildren,
}

/// The text of `/proc/PID/stat`, or `None` when the process is gone.
pub fn read_stat(pid: i32) -> Option<String> {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()
}

/// The fields of a `/proc/PID/stat` line from field 3 (the state) on. The command (field 2)
/// may hold spaces and parentheses: the fields resume after the last `)`.
pub fn stat_fields(stat: &str) -> Option<Vec<&str>> {
    let rest = stat.get(stat.rfind(')')? + 1..)?;
    Some(rest.split_ascii_whitespace().collect())
}

/// The state letter and start time in clock ticks after boot (fields 3 and 22).
pub fn state_and_start(stat: &str) -> Option<(char, u64)> {
    let fields = stat_fields(stat)?;
    let state = fields.first()?.chars().next()?;
    Some((state, fields.get(19)?.parse().ok()?))
}

/// The CPU time of a `/proc/PID/stat` line, `ticks_per_sec` clock ticks a second.
pub fn cpu(stat: &str, which: Cpu, ticks_per_sec: u64) -> Option<Duration> {
    let end = match which {
        Cpu::Own => 13,
        Cpu::WithChildren => 15,
    };
    let ticks = stat_fields(stat)?
        .get(11..end)?
        .iter()
        .map(|f| f.parse::<u64>().ok())
        .sum::<Option<u64>>()?;
    Some(Duration::from_micros(
        ticks * 1_000_000 / ticks_per_sec.max(1),
    ))
}

/// The CPU time of a live process, read from `/proc/PID/stat`.
pub fn cpu_of(pid: i32, which: Cpu) -> Option<Duration> {
    cpu(&read_stat(pid)?, which, ticks_per_second())
}

/// Clock ticks a second (`_SC_CLK_TCK`, 100 when unknown).
pub fn ticks_per_second() -> u64 {
    // SAFETY: sysconf takes no pointers.
    let t = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    u64::try_from(t).ok().filter(|&t| t > 0).unwrap_or(100)
}

/// `VmHWM:   123184 kB` of a `/proc/PID/status` text, in bytes.
pub fn peak_rss(status: &str) -> Option<u64> {
    let line = status.lines().find_map(|l| l.strip_prefix("VmHWM:"))?;
    let kb: u64 = line.trim().strip_suffix("kB")?.trim().parse().ok()?;
    Some(kb * 1024)
}

/// The peak resident memory of a live process, in bytes.
pub fn peak_rss_of(pid: i32) -> Option<u64> {
    peak_rss(&std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?)
}

/// The grader's own peak resident memory, in bytes.
pub fn own_peak_rss() -> Option<u64> {
    peak_rss(&std::fs::read_to_string("/proc/self/status").ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_fields_resume_after_a_command_with_spaces_and_parentheses() {
        let line = "77 (a) b) (c) S 1 77 77 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 123456 9 1";
        assert_eq!(state_and_start(line), Some(('S', 123456)));
        assert_eq!(state_and_start("77 (x) S 1 2"), None);
        assert_eq!(state_and_start("no parenthesis"), None);
    }

    #[test]
    fn cpu_counts_own_time_or_children_too() {
        let stat = "29187 (postgres: x [local] (y)) R 1 2 3 4 5 6 7 8 9 10 250 30 7 8 20";
        assert_eq!(cpu(stat, Cpu::Own, 100), Some(Duration::from_millis(2800)));
        assert_eq!(
            cpu(stat, Cpu::WithChildren, 100),
            Some(Duration::from_millis(2950))
        );
        assert_eq!(cpu("1 (x) R 1 2 3", Cpu::Own, 100), None);
        assert_eq!(
            cpu("1 (x) R 1 2 3 4 5 6 7 8 9 10 z 30", Cpu::Own, 100),
            None
        );
    }

    #[test]
    fn peak_rss_reads_vmhwm_in_bytes() {
        let status = "Name:\tpostgres\nVmPeak:\t  300000 kB\nVmHWM:\t  123184 kB\nVmRSS:\t 1 kB\n";
        assert_eq!(peak_rss(status), Some(123_184 * 1024));
        assert_eq!(peak_rss("Name:\tx\n"), None);
    }

    #[test]
    fn this_process_reads_back() {
        let me = std::process::id() as i32;
        assert!(own_peak_rss().is_some_and(|p| p > 1 << 20));
        assert!(peak_rss_of(me).is_some_and(|p| p > 1 << 20));
        assert!(cpu_of(me, Cpu::Own).is_some());
        let (state, start) = state_and_start(&read_stat(me).unwrap()).unwrap();
        assert!(matches!(state, 'R' | 'S'), "{state}");
        assert!(start > 0);
    }
}
