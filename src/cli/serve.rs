//! `oversight serve`: the web page and JSON API on this machine.

use oversight::diagnostic::Diagnostics;

/// The arguments of `oversight serve`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  oversight serve\n  oversight serve --port 8080")]
pub struct Args {
    /// The port; 0 picks any free one.
    #[arg(long, default_value_t = 7878)]
    port: u16,
    /// Open the page in the default browser once the server is up.
    #[arg(long)]
    open: bool,
    /// Listen on this address instead of 127.0.0.1. Any other address
    /// lets other machines use the server, which has no login.
    #[arg(long, value_name = "ADDRESS")]
    listen: Option<std::net::IpAddr>,
}

/// Runs `oversight serve` until Ctrl-C (or SIGTERM), then finishes the
/// requests in progress and returns.
pub fn run(args: &Args) -> Result<u8, Diagnostics> {
    let (port, open, listen) = (args.port, args.open, args.listen);
    use oversight::serve::{LOOPBACK, Server};
    let ip = listen.unwrap_or(LOOPBACK);
    if !ip.is_loopback() {
        eprintln!(
            "warning: listening on {ip}: other machines can reach this server, which has no login \
             and sends every answer in clear text"
        );
    }
    let server = Server::bind(std::net::SocketAddr::new(ip, port))?;
    let address = server.address();
    let url = if ip.is_loopback() {
        format!("http://127.0.0.1:{}/", address.port())
    } else {
        format!("http://{address}/")
    };
    eprintln!("oversight: serving {url} (Ctrl-C stops)");
    if open {
        open_in_browser(&url);
    }
    server.run()?;
    eprintln!("oversight: stopped");
    Ok(0)
}

/// Asks the desktop to open `url`; says so, and carries on, if it cannot.
fn open_in_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(error) = std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        eprintln!("warning: could not open a browser ({opener}: {error}); open {url} yourself");
    }
}
