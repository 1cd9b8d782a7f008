//! `folio user`: accounts from the command line, for the first admin and
//! for an admin locked out of the admin.

use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use folio_core::{Role, Timestamp};
use folio_db::Actor;
use folio_web::admin::{hash_password, password_problem};

use crate::site;

/// Manage admin accounts.
///
/// Passwords are never taken from a flag (they would end up in the shell's
/// history and in `ps`): they are asked for at the terminal, or read from
/// the first line of standard input when it is not a terminal.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  folio user add --email editor@example.org --role admin\n  printf '%s\\n' \"$PASSWORD\" | folio user add --email bot@example.org --role editor\n  folio user unlock --email editor@example.org\n  folio user list"
)]
pub struct UserArgs {
    #[command(subcommand)]
    command: UserCommand,
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Create an account.
    Add {
        #[arg(long)]
        email: String,
        /// admin, editor or author.
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// The name shown in the admin and the audit log.
        #[arg(long, default_value = "")]
        name: String,
    },
    /// Set a new password for an account (ends its sessions).
    Password {
        #[arg(long)]
        email: String,
    },
    /// Lift a lock-out after too many wrong passwords.
    Unlock {
        #[arg(long)]
        email: String,
    },
    /// List accounts.
    List,
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text).ok_or_else(|| format!("{text:?} is not a role: use admin, editor or author"))
}

pub fn run(globals: &site::Globals, args: UserArgs) -> anyhow::Result<ExitCode> {
    let site = site::open(globals)?;
    let store = &site.store;
    let actor = Actor::system("folio user (command line)");
    match args.command {
        UserCommand::Add { email, role, name } => {
            if !email.contains('@') {
                bail!("{email:?} is not an email address");
            }
            let password = read_new_password()?;
            let hash = hash_password(&password).map_err(anyhow::Error::msg)?;
            let user = store
                .write(|c| {
                    let now = Timestamp::now();
                    let user = folio_db::create_user(c, &email, &name, role, &hash, now)?;
                    folio_db::audit(c, &actor, "user.created", &user.email, role.as_str(), now)?;
                    Ok(user)
                })
                .context("cannot create the account")?;
            println!(
                "Created {} ({}). Log in at /admin/login.",
                user.email,
                user.role.as_str()
            );
        }
        UserCommand::Password { email } => {
            let password = read_new_password()?;
            let hash = hash_password(&password).map_err(anyhow::Error::msg)?;
            store.write(|c| {
                let now = Timestamp::now();
                let Some(user) = folio_db::user_by_email(c, &email)? else {
                    return Err(folio_db::StoreError::MissingReference(format!(
                        "there is no account for {email}"
                    )));
                };
                folio_db::set_password_hash(c, user.id, &hash, now)?;
                folio_db::delete_user_sessions(c, user.id, None)?;
                folio_db::audit(c, &actor, "account.password_changed", &user.email, "", now)
            })?;
            println!("Password changed for {email}; its sessions have ended.");
        }
        UserCommand::Unlock { email } => {
            store.write(|c| {
                let now = Timestamp::now();
                let Some(user) = folio_db::user_by_email(c, &email)? else {
                    return Err(folio_db::StoreError::MissingReference(format!(
                        "there is no account for {email}"
                    )));
                };
                folio_db::unlock_user(c, user.id, now)?;
                folio_db::audit(c, &actor, "user.unlocked", &user.email, "", now)
            })?;
            println!("{email} can log in again.");
        }
        UserCommand::List => {
            let users = store.read(folio_db::list_users)?;
            if users.is_empty() {
                println!(
                    "No accounts yet. Create the first with: folio user add --email … --role admin"
                );
            }
            for user in users {
                println!(
                    "{:<40} {:<7} {}{}",
                    user.email,
                    user.role.as_str(),
                    user.name,
                    if user.is_locked() { "  [locked]" } else { "" }
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A new password: asked twice at a terminal, or the first line of
/// standard input.
fn read_new_password() -> anyhow::Result<String> {
    let password = if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("New password: ")?;
        let second = rpassword::prompt_password("Again: ")?;
        if first != second {
            bail!("the two passwords differ; nothing was changed");
        }
        first
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("cannot read the password from standard input")?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    };
    if let Some(problem) = password_problem(&password) {
        bail!("{problem}");
    }
    Ok(password)
}
