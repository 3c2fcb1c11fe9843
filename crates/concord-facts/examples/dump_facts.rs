fn main() {
    let x = concord_facts::FactExtractor::new();
    for line in std::io::stdin().lines() {
        let line = line.unwrap();
        println!("{line}");
        for m in x.extract(&line) {
            println!("   {:?} {:?} {:?}", m.kind, m.surface, m.normalized);
        }
    }
}
