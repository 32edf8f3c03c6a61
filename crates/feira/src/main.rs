//! `feira`: see `feira --help`.

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match feira::cli::run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("feira: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
