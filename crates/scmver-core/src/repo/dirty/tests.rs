use super::*;

#[test]
fn a_file_holds_the_blob_of_its_exact_bytes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("greeting");
    std::fs::write(&path, "hello\n").expect("write");
    // `printf 'hello\n' | git hash-object --stdin`
    let hello = gix::ObjectId::from_hex(b"ce013625030ba8dba906f756967f9e9ca394464a").expect("hex");
    assert!(file_holds_blob(&path, hello, gix::hash::Kind::Sha1));
    std::fs::write(&path, "hello\r\n").expect("write");
    assert!(!file_holds_blob(&path, hello, gix::hash::Kind::Sha1));
    assert!(!file_holds_blob(
        &dir.path().join("missing"),
        hello,
        gix::hash::Kind::Sha1
    ));
}
