//! The tar.gz archives of the SageMaker container contract: a lab's code folder as
//! `sourcedir.tar.gz`, byte for byte the same for the same files (sorted paths, no times,
//! owners or modes from this machine), and reading a job's `output.tar.gz` back.

use std::io::Write;

/// Packs `(path, bytes)` files. Paths use `/`; scripts keep an executable bit, which is
/// harmless to the container and lets a learner run one by hand.
pub fn pack(files: &[(String, Vec<u8>)]) -> std::io::Result<Vec<u8>> {
    let mut sorted: Vec<&(String, Vec<u8>)> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let gz = flate2::GzBuilder::new()
        .mtime(0)
        .write(Vec::new(), flate2::Compression::best());
    let mut tar = tar::Builder::new(gz);
    tar.mode(tar::HeaderMode::Deterministic);
    for (path, bytes) in sorted {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(if path.ends_with(".py") || path.ends_with(".sh") {
            0o755
        } else {
            0o644
        });
        header.set_mtime(0);
        header.set_uid(0);
        header.set_gid(0);
        header.set_entry_type(tar::EntryType::Regular);
        tar.append_data(&mut header, path, bytes.as_slice())?;
    }
    let mut gz = tar.into_inner()?;
    gz.flush()?;
    gz.finish()
}

/// The files of a tar.gz, as (path, bytes); directories and links are skipped. Paths
/// lose a leading `./`, as the containers write them.
pub fn unpack(bytes: &[u8]) -> std::io::Result<Vec<(String, Vec<u8>)>> {
    use std::io::Read;
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(bytes));
    let mut out = vec![];
    for entry in archive.entries()? {
        let mut entry = entry?;
        if entry.header().entry_type() != tar::EntryType::Regular {
            continue;
        }
        let path = entry
            .path()?
            .to_string_lossy()
            .trim_start_matches("./")
            .to_string();
        let mut body = vec![];
        entry.read_to_end(&mut body)?;
        out.push((path, body));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn files() -> Vec<(String, Vec<u8>)> {
        vec![
            ("train.py".into(), b"print('hi')\n".to_vec()),
            ("requirements.txt".into(), b"pyarrow\n".to_vec()),
            ("lib/util.py".into(), b"X = 1\n".to_vec()),
        ]
    }

    #[test]
    fn the_same_files_give_the_same_bytes_in_any_order() {
        let a = pack(&files()).unwrap();
        let mut reversed = files();
        reversed.reverse();
        assert_eq!(a, pack(&reversed).unwrap());
        let mut changed = files();
        changed[0].1.push(b'#');
        assert_ne!(a, pack(&changed).unwrap());
    }

    #[test]
    fn unpack_reads_back_what_pack_wrote() {
        let mut want = files();
        want.sort();
        assert_eq!(unpack(&pack(&files()).unwrap()).unwrap(), want);
        assert!(unpack(b"not a tarball").is_err());
    }

    #[test]
    fn the_pack_unpacks_to_the_files() {
        let bytes = pack(&files()).unwrap();
        let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(bytes.as_slice()));
        let mut got = vec![];
        for entry in archive.entries().unwrap() {
            let mut entry = entry.unwrap();
            let path = entry.path().unwrap().to_string_lossy().to_string();
            let mode = entry.header().mode().unwrap();
            let mut body = vec![];
            entry.read_to_end(&mut body).unwrap();
            got.push((path, body, mode));
        }
        assert_eq!(
            got.iter().map(|g| g.0.as_str()).collect::<Vec<_>>(),
            ["lib/util.py", "requirements.txt", "train.py"]
        );
        assert_eq!(got[2].1, b"print('hi')\n");
        assert_eq!(got[2].2, 0o755);
        assert_eq!(got[1].2, 0o644);
    }
}
