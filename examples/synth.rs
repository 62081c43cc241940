//! Writes a synthetic content folder with any number of municipalities, for
//! benchmarks at a scale no real comparison has:
//!
//! ```sh
//! cargo run --release --example synth -- --count 10000 --seed 1 /tmp/big/content
//! cargo run --release -- build --content /tmp/big/content --output /tmp/big/public
//! ```
//!
//! `site.toml`, `topics.toml` and `pages/` are copied from `--from` (the
//! bundled `content/` by default); `municipalities/` is replaced as a whole.
//! The same count and seed always give the same files.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

#[derive(Parser)]
#[command(about = "Generate a synthetic content folder")]
struct Args {
    /// How many municipality files to write
    #[arg(long, default_value_t = 10_000)]
    count: usize,
    /// Seed of the generator: the same seed gives the same files
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The content folder whose site.toml, topics.toml and pages/ to reuse
    #[arg(long, default_value = "content")]
    from: PathBuf,
    /// The content folder to write
    dir: PathBuf,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match vergelijk::synth::write_content(&args.from, &args.dir, args.count, args.seed) {
        Ok(files) => {
            println!(
                "Wrote {} municipalities (seed {}) to {}",
                files.len(),
                args.seed,
                args.dir.join("municipalities").display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}", vergelijk::error::report(&e));
            ExitCode::FAILURE
        }
    }
}
