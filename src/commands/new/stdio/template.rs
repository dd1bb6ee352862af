use std::io::Read;

fn main() {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).unwrap();
    let v: Vec<i64> = input.split_whitespace().map(|t| t.parse().unwrap()).collect();
    let (_a, _b) = (v[0], v[1]);
    // TODO: print the sum of a and b.
    println!("{}", 0);
}
