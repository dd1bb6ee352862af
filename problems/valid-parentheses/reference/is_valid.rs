fn is_valid(s: String) -> bool {
    let mut stack = Vec::new();
    for c in s.chars() {
        let want = match c {
            ')' => '(',
            ']' => '[',
            '}' => '{',
            _ => {
                stack.push(c);
                continue;
            }
        };
        if stack.pop() != Some(want) {
            return false;
        }
    }
    stack.is_empty()
}
