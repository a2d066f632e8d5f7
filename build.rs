// The shipped workshop (content/ and assets/) is compiled into the binary; cargo must
// rebuild when any of its files changes, which include_dir cannot tell it by itself.
fn main() {
    println!("cargo:rerun-if-changed=content");
    println!("cargo:rerun-if-changed=assets");
    println!("cargo:rerun-if-changed=locales");
}
