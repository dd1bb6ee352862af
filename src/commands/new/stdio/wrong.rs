use std::io::Read;

fn main() {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).unwrap();
    let v: Vec<i64> = input.split_whitespace().map(|t| t.parse().unwrap()).collect();
    let (a, b) = (v[0], v[1]);
    // A known-wrong answer: subtracts instead of adding.
    println!("{}", a - b);
}
