fn is_valid(s: String) -> bool {
    // TODO: true when every bracket is closed by the same kind, in the right order
    let _ = s;
    false
}
