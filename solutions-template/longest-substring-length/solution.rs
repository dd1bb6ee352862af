use std::io::{self, Read};

fn main() {
    let mut input = String::new();
    io::stdin().read_to_string(&mut input).expect("read stdin");
    let s = input.trim();

    // TODO: compute the length of the longest substring of s without
    // repeating characters.
    let answer = 0;
    let _ = s;

    println!("{answer}");
}
