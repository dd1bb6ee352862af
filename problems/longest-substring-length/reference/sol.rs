use std::io::{self, Read};

fn main() {
    let mut input = String::new();
    io::stdin().read_to_string(&mut input).expect("read stdin");
    let s = input.trim().as_bytes();

    let mut last = [usize::MAX; 256];
    let (mut left, mut best) = (0usize, 0usize);
    for (i, &c) in s.iter().enumerate() {
        let p = last[c as usize];
        if p != usize::MAX && p >= left {
            left = p + 1;
        }
        last[c as usize] = i;
        best = best.max(i - left + 1);
    }
    println!("{best}");
}
