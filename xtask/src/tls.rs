//! `cargo xtask tls`: the SDK's TLS features keep their promises. With default features (`rustls`)
//! no OpenSSL crate is in the SDK's dependency tree, on any platform; with `native-tls` instead
//! (`default-features = false, features = ["native-tls"]`) it builds.

use std::path::Path;
use std::process::Command;

use crate::cargo::cargo;

const SDK: &str = "formance-orchestration";

pub fn run(root: &Path) -> Result<(), String> {
    let args = ["tree", "--package", SDK, "--edges", "normal", "--target", "all", "--prefix", "none"];
    println!("$ cargo {}", args.join(" "));
    let cargo_bin = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output =
        Command::new(cargo_bin).args(args).current_dir(root).output().map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err(format!("`cargo {}` failed: {}", args.join(" "), String::from_utf8_lossy(&output.stderr)));
    }
    let tree = String::from_utf8_lossy(&output.stdout);
    let openssl = openssl_crates(&tree);
    if !openssl.is_empty() {
        return Err(format!(
            "with default features, {SDK} depends on OpenSSL: {}\n(`cargo tree -p {SDK} -e normal -i <crate>` shows \
             which dependency brings it)",
            openssl.join(", ")
        ));
    }
    println!("no OpenSSL in the default dependency tree of {SDK}");
    cargo(root, &["check", "--package", SDK, "--no-default-features", "--features", "native-tls", "--quiet"], &[])
}

/// The distinct crates of a `cargo tree --prefix none` listing whose name mentions OpenSSL.
pub fn openssl_crates(tree: &str) -> Vec<String> {
    let mut found: Vec<String> = tree
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| name.to_ascii_lowercase().contains("openssl"))
        .map(str::to_owned)
        .collect();
    found.sort();
    found.dedup();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_openssl_crates_by_name_once_each() {
        let tree = "formance-orchestration v0.1.0 (/w/sdk)\nreqwest v0.12.28\nnative-tls v0.2.18\nopenssl v0.10.82\n\
                    openssl-sys v0.9.118\nopenssl v0.10.82 (*)\nopenssl-probe v0.2.2\n";
        assert_eq!(openssl_crates(tree), ["openssl", "openssl-probe", "openssl-sys"]);
        let rustls = "formance-orchestration v0.1.0 (/w/sdk)\nreqwest v0.12.28\nrustls v0.23.46\nring v0.17.14\n";
        assert!(openssl_crates(rustls).is_empty());
    }
}
