use concord_align::{AlignConfig, AnchorExtractor, MarginMiner};
fn main() {
    let dim = 384;
    let rd = |p: &str| -> Vec<f32> { std::fs::read(p).unwrap().chunks_exact(4).map(|c| f32::from_le_bytes([c[0],c[1],c[2],c[3]])).collect() };
    let a = rd("/tmp/tatoeba/tatoeba.jpn-eng.jpn.f32"); let b = rd("/tmp/tatoeba/tatoeba.jpn-eng.eng.f32");
    let ta: Vec<String> = std::fs::read_to_string("/work/shared/bench/tatoeba/tatoeba.jpn-eng.jpn").unwrap().lines().map(String::from).collect();
    let tb: Vec<String> = std::fs::read_to_string("/work/shared/bench/tatoeba/tatoeba.jpn-eng.eng").unwrap().lines().map(String::from).collect();
    let x = AnchorExtractor::new();
    let (aa, ab) = (x.extract_all(&ta), x.extract_all(&tb));
    let m = MarginMiner::new(AlignConfig::default());
    let p0 = m.mine_pairs(&a, 1000, &b, 1000, dim).unwrap();
    let p1 = m.mine_pairs_with_anchors(&a, 1000, &b, 1000, dim, &aa, &ab).unwrap();
    let s0: std::collections::BTreeSet<(usize,usize)> = p0.iter().map(|p| (p.a,p.b)).collect();
    let s1: std::collections::BTreeSet<(usize,usize)> = p1.iter().map(|p| (p.a,p.b)).collect();
    for (i,j) in s0.symmetric_difference(&s1) { println!("{} {}->{} | {} {:?} | {} {:?} | {}", if s1.contains(&(*i,*j)) {"+"} else {"-"}, i, j, ta[*i], aa[*i], tb[*j], ab[*j], tb[*i]); }
    let mut both = 0; let mut shared = 0;
    for i in 0..1000 { if !aa[i].is_empty() && !ab[i].is_empty() { both += 1; if aa[i].iter().any(|t| ab[i].contains(t)) { shared += 1; } else if both < 400 { println!("NOSHARE {:?} {:?} | {} | {}", aa[i], ab[i], ta[i], tb[i]); } } }
    println!("both {both} shared {shared}");
}
