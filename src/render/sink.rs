//! Where rendered outputs go as they are made: the build writes them into
//! the staging folder, the dev server and the tests collect them in memory.

use std::io;

use super::Files;
use crate::Error;

/// Where rendered outputs go as soon as they are made. Called from every
/// core, in any order.
pub trait Sink: Sync {
    /// Takes one output: its path in the site (`gemeenten/delft/index.html`)
    /// and its bytes.
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), Error>;

    /// Takes one output that `write` produces piece by piece. By default
    /// the pieces are collected and handed to [`Sink::put`]; a sink that
    /// writes files writes them as they come.
    fn stream(
        &self,
        path: &str,
        write: &dyn Fn(&mut dyn io::Write) -> io::Result<()>,
    ) -> Result<(), Error> {
        let mut bytes = Vec::new();
        write(&mut bytes).map_err(Error::io(path))?;
        self.put(path, bytes)
    }
}

/// Collects outputs in memory (the dev server serves them from there).
#[derive(Default)]
pub struct Collect(std::sync::Mutex<Files>);

impl Collect {
    /// What was collected.
    pub fn into_files(self) -> Files {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Collect {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), Error> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), bytes);
        Ok(())
    }
}
