//! `dg __generate DIR`: writes the shell completions and man pages made from the command line
//! itself ([`crate::args::command`]), for `crates/dg-cli/scripts/package.sh`. Hidden: it is
//! not part of [`crate::args::command`], so neither `--help`, the completions nor the man
//! pages mention it.
//!
//! Into DIR: `completions/dg.bash`, `completions/_dg` (zsh), `completions/dg.fish`, and
//! `man/man1/dg.1` with one page per subcommand (`dg-transcribe.1`, `dg-keys-create.1`, …),
//! so `MANPATH=DIR/man man dg` finds them.

use std::path::{Path, PathBuf};

use clap::{Arg, ArgMatches, Command};
use clap_complete::Shell;

use crate::exit::CliError;

/// The hidden subcommand's name.
pub const NAME: &str = "__generate";

/// The hidden subcommand, to add to the parsed command line.
pub fn subcommand() -> Command {
    Command::new(NAME)
        .hide(true)
        .about("Write shell completions and man pages (for packaging)")
        .arg(
            Arg::new("dir")
                .value_name("DIR")
                .required(true)
                .value_parser(clap::value_parser!(PathBuf)),
        )
}

/// Writes everything into the directory `matches` names, printing each file written.
pub fn run(matches: &ArgMatches) -> Result<(), CliError> {
    let dir = matches
        .get_one::<PathBuf>("dir")
        .expect("a required argument");
    write_all(dir).map_err(CliError::Generate)
}

fn write_all(dir: &Path) -> std::io::Result<()> {
    let completions = dir.join("completions");
    let man = dir.join("man").join("man1");
    std::fs::create_dir_all(&completions)?;
    std::fs::create_dir_all(&man)?;
    let mut command = crate::args::command();
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
        let path = clap_complete::generate_to(shell, &mut command, "dg", &completions)?;
        println!("{}", path.display());
    }
    clap_mangen::generate_to(crate::args::command(), &man)?;
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&man)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    pages.sort();
    for page in pages {
        println!("{}", page.display());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn writes_completions_for_three_shells_and_a_man_page_per_command() {
        let dir = tempfile::tempdir().unwrap();
        super::write_all(dir.path()).unwrap();
        for file in [
            "completions/dg.bash",
            "completions/_dg",
            "completions/dg.fish",
        ] {
            let text = std::fs::read_to_string(dir.path().join(file)).unwrap();
            assert!(text.contains("transcribe"), "{file}");
            // The commands made from the call table are there too.
            assert!(text.contains("update-scopes"), "{file}");
            assert!(
                !text.contains(super::NAME),
                "{file} names the hidden command"
            );
        }
        let page = std::fs::read_to_string(dir.path().join("man/man1/dg.1")).unwrap();
        assert!(
            page.starts_with(".ie") || page.contains(".TH dg 1"),
            "{page}"
        );
        assert!(page.contains("transcribe"));
        assert!(!page.contains(super::NAME));
        for sub in [
            "dg-transcribe.1",
            "dg-listen.1",
            "dg-keys-create.1",
            "dg-members-update-scopes.1",
            "dg-usage-list-requests.1",
            "dg-projects-get.1",
        ] {
            assert!(dir.path().join("man/man1").join(sub).is_file(), "{sub}");
        }
    }
}
