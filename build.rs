//! Templates and policies are embedded with include_dir!, which cargo cannot see; rebuild when
//! they change so tests never run against a stale catalog.

fn main() {
    println!("cargo:rerun-if-changed=templates");
    println!("cargo:rerun-if-changed=policies");
}
