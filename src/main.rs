//! The command line: parse arguments, call the library, report the outcome.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use vergelijk::{Error, Options};

#[derive(Parser)]
#[command(
    name = "vergelijk",
    version,
    about = "Build a comparison site from municipality files"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct ContentArgs {
    /// The content folder (site.toml, topics.toml, municipalities/, pages/)
    #[arg(long, default_value = "content")]
    content: PathBuf,
    /// Use this base URL instead of the one in site.toml (for hosting under a subpath)
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder
    Build {
        #[command(flatten)]
        content: ContentArgs,
        /// Where to write the site; replaced as a whole when the build succeeds
        #[arg(long, default_value = "public")]
        output: PathBuf,
        /// Leave out the search index (faster; the search page then finds nothing)
        #[arg(long)]
        no_search: bool,
    },
    /// Check the content and report every problem, writing nothing
    Check {
        #[command(flatten)]
        content: ContentArgs,
    },
}

fn options(args: ContentArgs, output: PathBuf) -> Options {
    Options {
        base_url: args.base_url,
        content: args.content,
        output,
        ..Options::for_site(&PathBuf::from("."))
    }
}

fn report(e: &Error) -> ExitCode {
    eprintln!("{e}");
    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(1))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            content,
            output,
            no_search,
        } => {
            let out_display = output.display().to_string();
            let opts = Options {
                search: !no_search,
                ..options(content, output)
            };
            match vergelijk::build(&opts) {
                Ok(s) => {
                    println!(
                        "Built {} municipalities, {} topics: {} pages, {} files in {} ({:.2} s)",
                        s.municipalities,
                        s.topics,
                        s.pages,
                        s.files,
                        out_display,
                        s.elapsed.as_secs_f64()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => report(&e),
            }
        }
        Command::Check { content } => {
            match vergelijk::check(&options(content, PathBuf::from("public"))) {
                Ok(site) => {
                    println!(
                        "Content is valid: {} municipalities, {} topics, {} pages",
                        site.municipalities.len(),
                        site.topics.len(),
                        site.pages.len()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => report(&e),
            }
        }
    }
}
