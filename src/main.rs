//! The command line: parse arguments, call the library, report the outcome.
//!
//! Output goes through `anstream`, which keeps colours for a terminal and
//! drops them in pipes, in files, and when `NO_COLOR` is set.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anstream::{eprint, eprintln, println};
use clap::{Parser, Subcommand};
use vergelijk::{Error, Options};

// Template rendering allocates and frees many small values on every core;
// mimalloc does that about a third faster than the system's allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "vergelijk",
    version,
    about = "Build a comparison site from municipality files"
)]
struct Cli {
    /// Print only errors
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print what each step did
    #[arg(long, short, global = true)]
    verbose: bool,
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
    /// Serve the site, rebuild on every change and reload open pages
    Serve {
        #[command(flatten)]
        content: ContentArgs,
        /// Port to listen on [default: 1111, or the next free one; 0: any free port]
        #[arg(long)]
        port: Option<u16>,
        /// Address to listen on; the default keeps the site on this computer
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Open the site in the default browser
        #[arg(long)]
        open: bool,
        /// Look for changes by polling, for file systems without change events
        #[arg(long)]
        poll: bool,
        /// Leave out the search index (faster rebuilds; the search page then finds nothing)
        #[arg(long)]
        no_search: bool,
    },
    /// Start a new municipality file from a commented template
    New {
        /// The municipality's name, e.g. "Den Haag"
        name: String,
        /// Its province
        #[arg(long)]
        province: Option<String>,
        /// The content folder
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// Start next year's edition: the current state of every municipality
    /// moves into its history, site.toml gets the new peildatum
    NewEdition {
        /// The date the new edition describes, e.g. 2021-01-15
        #[arg(long, value_name = "DATE")]
        peildatum: String,
        /// The content folder
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// Write the JSON Schemas of the content files, for editors
    Schema {
        /// The folder to write them to
        #[arg(long, default_value = vergelijk::schema::DEFAULT_DIR)]
        output: PathBuf,
    },
}

/// How much to print.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

fn options(args: ContentArgs, output: PathBuf) -> Options {
    Options {
        base_url: args.base_url,
        content: args.content,
        output,
        ..Options::for_site(&PathBuf::from("."))
    }
}

/// Why the program stops: the command line asked for something
/// impossible, or the library or the dev server failed.
enum Failure {
    Usage(String),
    Library(Error),
    Serve(vergelijk::serve::Error),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure::Library(e)
    }
}

impl From<vergelijk::serve::Error> for Failure {
    fn from(e: vergelijk::serve::Error) -> Failure {
        Failure::Serve(e)
    }
}

/// Prints `failure` and decides the exit code: 2 for what the user asked
/// (as for clap's own usage errors), 1 for everything else.
fn report(failure: &Failure) -> ExitCode {
    match failure {
        Failure::Usage(m) => {
            eprintln!("error: {m}");
            ExitCode::from(2)
        }
        // `{:#}`: content diagnostics in colour on a terminal.
        Failure::Library(e @ Error::Content(_)) => {
            eprintln!("{e:#}");
            ExitCode::from(1)
        }
        Failure::Library(e @ Error::Refused(_)) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
        Failure::Library(e) => {
            eprintln!("{}", vergelijk::error::report(e));
            ExitCode::from(1)
        }
        Failure::Serve(e) => {
            eprintln!("{}", vergelijk::error::report(e));
            ExitCode::from(1)
        }
    }
}

/// Prints the warnings about the content, unless quiet.
fn warn(site: &vergelijk::Site, verbosity: Verbosity) {
    if verbosity != Verbosity::Quiet && !site.warnings.is_empty() {
        eprint!("{:#}\n\n", site.warnings);
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    let verbosity = match (cli.quiet, cli.verbose) {
        (true, _) => Verbosity::Quiet,
        (_, true) => Verbosity::Verbose,
        _ => Verbosity::Normal,
    };
    let say = |line: String| {
        if verbosity != Verbosity::Quiet {
            println!("{line}");
        }
    };
    match cli.command {
        Command::Build {
            content,
            output,
            no_search,
        } => {
            let opts = Options {
                search: !no_search,
                ..options(content, output)
            };
            let s = vergelijk::build(&opts)?;
            warn(&s.site, verbosity);
            if verbosity != Verbosity::Quiet {
                for w in &s.output.warnings {
                    eprintln!("warning: {w}");
                }
            }
            if verbosity == Verbosity::Verbose {
                for note in &s.output.notes {
                    println!("  {note}");
                }
                for (step, took) in &s.steps {
                    println!("  {step:<8} {:>8.1} ms", took.as_secs_f64() * 1000.0);
                }
            }
            say(format!(
                "Built {} municipalities, {} topics: {} pages, {} files in {} ({:.2} s)",
                s.site.municipalities.len(),
                s.site.topics.len(),
                s.pages,
                s.files,
                opts.output.display(),
                s.elapsed.as_secs_f64()
            ));
        }
        Command::Check { content } => {
            let opts = options(content, PathBuf::from("public"));
            let site = vergelijk::check(&opts)?;
            warn(&site, verbosity);
            say(format!(
                "Content is valid: {} municipalities, {} topics, {} pages",
                site.municipalities.len(),
                site.topics.len(),
                site.pages.len()
            ));
        }
        Command::Serve {
            content,
            port,
            bind,
            open,
            poll,
            no_search,
        } => {
            vergelijk::serve::serve(vergelijk::serve::ServeOptions {
                build: Options {
                    search: !no_search,
                    ..options(content, PathBuf::from("public"))
                },
                port,
                bind,
                open,
                poll,
            })?;
        }
        Command::New {
            name,
            province,
            content,
        } => {
            let opts = Options {
                content,
                ..Options::for_site(&PathBuf::from("."))
            };
            let path = vergelijk::new_municipality(&opts, &name, province.as_deref())?;
            // The path is the result: print it even when quiet.
            println!("{}", path.display());
            if province.is_none() && verbosity != Verbosity::Quiet {
                eprintln!(
                    "Fill in the province in that file; `vergelijk check` reminds you until you do."
                );
            }
        }
        Command::NewEdition { peildatum, content } => {
            let date = vergelijk::edition::parse_date(&peildatum).ok_or_else(|| {
                Failure::Usage(format!(
                    "`{peildatum}` is not a date; write it as 2021-01-15"
                ))
            })?;
            let opts = Options {
                content,
                ..Options::for_site(&PathBuf::from("."))
            };
            let edition = match vergelijk::edition::new_edition(&opts, date) {
                Err(e @ Error::Content(_)) => {
                    eprintln!(
                        "new-edition changed nothing: it runs only on content that passes `vergelijk check`, and this content has problems:\n"
                    );
                    return Err(e.into());
                }
                other => other?,
            };
            say(format!(
                "Started the edition of {}: the state of {} is now in the history of {} municipality files{}; site.toml's peildatum is {}.",
                edition.new_peildatum.iso(),
                edition.old_peildatum.iso(),
                edition.municipalities.len(),
                match edition.ids_added {
                    0 => String::new(),
                    n => format!(" ({n} efforts got an id, to follow them)"),
                },
                edition.new_peildatum.iso(),
            ));
            say(
                "Bring the current lists up to date from the new sources; `vergelijk check` helps."
                    .into(),
            );
        }
        Command::Schema { output } => {
            let written = vergelijk::write_schemas(&output)?;
            for path in written {
                say(path.display().to_string());
            }
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => report(&e),
    }
}
