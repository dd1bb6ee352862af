//! The sandbox as the judge sees it: a [`Pool`] hands out slots, a slot ([`Sandbox`]) runs one
//! job at a time and returns its raw outcome. Implemented by the real helpers ([`Helpers`],
//! [`Slot`]) and by the scripted fake of [`super::fake`], which starts no process.

use super::job::{Job, RawOutcome};
use super::level::SandboxInfo;
use super::pool::Slot;
use std::io;
use std::sync::Arc;

/// One sandbox slot: runs one job at a time under the layers of its [`SandboxInfo`].
pub trait Sandbox: Send {
    /// The level and layers this slot's jobs run under.
    fn info(&self) -> &SandboxInfo;

    /// Hands a job over; it starts at once and [`Sandbox::receive`] waits for it.
    fn submit(&mut self, job: &Job) -> io::Result<()>;

    /// Waits for the job handed over with [`Sandbox::submit`] and returns what happened.
    fn receive(&mut self) -> io::Result<RawOutcome>;

    /// Replaces the slot's helper with a fresh one (after the sandbox itself failed).
    fn respawn(&mut self) -> io::Result<()>;

    /// Runs one job and returns what happened. An `Err` is a failure of the sandbox itself.
    fn run(&mut self, job: &Job) -> io::Result<RawOutcome> {
        self.submit(job)?;
        self.receive()
    }

    /// After `err` from this slot: starts a fresh helper for the next job (if that fails too,
    /// the next job says so) and returns the judge error to report ("the sandbox failed: ...").
    fn recover(&mut self, err: &io::Error) -> String {
        let _ = self.respawn();
        format!("the sandbox failed: {err}")
    }

    /// [`Sandbox::run`], recovering from a failure of the sandbox with [`Sandbox::recover`].
    fn run_or_recover(&mut self, job: &Job) -> Result<RawOutcome, String> {
        self.run(job).map_err(|e| self.recover(&e))
    }
}

/// Where slots come from: one per parallel worker, all under the same [`SandboxInfo`].
pub trait Pool: Sync {
    /// The level and layers every slot of this pool runs its jobs under.
    fn info(&self) -> &SandboxInfo;

    /// A new slot.
    fn slot(&self) -> io::Result<Box<dyn Sandbox>>;
}

/// The real sandbox: helper processes started under a run's [`SandboxInfo`].
pub struct Helpers {
    info: Arc<SandboxInfo>,
}

impl Helpers {
    pub fn new(info: &SandboxInfo) -> Helpers {
        Helpers {
            info: Arc::new(info.clone()),
        }
    }
}

impl Pool for Helpers {
    fn info(&self) -> &SandboxInfo {
        &self.info
    }

    fn slot(&self) -> io::Result<Box<dyn Sandbox>> {
        Ok(Box::new(Slot::spawn(Arc::clone(&self.info))?))
    }
}
