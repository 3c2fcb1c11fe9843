use concord_align::*;
use concord_core::{DocId, Lang, SentenceId};
const D: &str = "/tmp/alignproto/docs/";
fn rd(p: &str) -> (Vec<f32>, usize) { let v: Vec<f32> = std::fs::read(format!("{D}{p}.f32")).unwrap().chunks_exact(4).map(|c| f32::from_le_bytes([c[0],c[1],c[2],c[3]])).collect(); let n = v.len()/384; (v, n) }
fn txt(p: &str) -> Vec<String> { std::fs::read_to_string(format!("{D}{p}.txt")).unwrap().lines().map(String::from).collect() }
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let gold: std::collections::HashMap<String, Vec<(usize,usize)>> = {
        let s = std::fs::read_to_string(format!("{D}gold.json")).unwrap();
        // tiny parser: {"name": [[a, b], ...], ...}
        let mut out = std::collections::HashMap::new();
        for part in s.trim_matches(|c| c=='{'||c=='}').split("]], ") {
            let (k, v) = part.split_once(": ").unwrap();
            let k = k.trim_matches('"').to_string();
            let nums: Vec<usize> = v.split(|c: char| !c.is_ascii_digit()).filter(|x| !x.is_empty()).map(|x| x.parse().unwrap()).collect();
            out.insert(k, nums.chunks(2).map(|c| (c[0], c[1])).collect());
        }
        out
    };
    let mut names: Vec<String> = gold.keys().cloned().collect(); names.sort();
    let mode = args.get(1).map(String::as_str).unwrap_or("grid");
    if mode == "grid" {
        for skip in [0.36f32, 0.38, 0.4, 0.42, 0.45, 0.48, 0.52, 0.56] {
            for mp in [0.5f32, 0.55, 0.6, 0.65, 0.7, 0.8] {
                let cfg = BeadConfig { skip_cost: skip, merge_penalty: mp, ..BeadConfig::default() };
                let al = BeadAligner::new(cfg, TranslationDetector::default());
                let (mut tp, mut np, mut ng) = (0, 0, 0); let (mut bt, mut bn) = (0,0);
                for name in &names {
                    let (a, n) = rd(&format!("{name}.a")); let (b, m) = rd(&format!("{name}.b"));
                    let beads = al.align_rows(&a, n, &b, m, 384).unwrap();
                    let g: std::collections::HashSet<(usize,usize)> = gold[name].iter().copied().collect();
                    let mut pred = std::collections::HashSet::new();
                    for bd in &beads { for i in bd.a.clone() { for j in bd.b.clone() { pred.insert((i,j)); } } }
                    tp += pred.intersection(&g).count(); np += pred.len(); ng += g.len();
                    // strict: beads exactly matching gold connected comps - approximate: count non-empty beads whose all pairs are gold and cover
                    for bd in &beads { if !bd.a.is_empty() && !bd.b.is_empty() { bn += 1; let all = bd.a.clone().all(|i| bd.b.clone().all(|j| g.contains(&(i,j)))); let full = g.iter().filter(|(i,j)| bd.a.contains(i) || bd.b.contains(j)).all(|(i,j)| bd.a.contains(i) && bd.b.contains(j)); if all && full { bt += 1; } } }
                }
                let p = tp as f64 / np as f64; let r = tp as f64 / ng as f64;
                println!("skip {skip} merge {mp}: pair P {p:.3} R {r:.3} F1 {:.3}  strict-bead {:.3} ({bt}/{bn})", 2.0*p*r/(p+r), bt as f64 / bn as f64);
            }
        }
    }
    if mode == "errors" {
        let skip: f32 = args[2].parse().unwrap(); let mp: f32 = args[3].parse().unwrap();
        let al = BeadAligner::new(BeadConfig { skip_cost: skip, merge_penalty: mp, ..BeadConfig::default() }, TranslationDetector::default());
        for name in &names {
            let (a, n) = rd(&format!("{name}.a")); let (b, m) = rd(&format!("{name}.b"));
            let (ta, tb) = (txt(&format!("{name}.a")), txt(&format!("{name}.b")));
            let g: std::collections::HashSet<(usize,usize)> = gold[name].iter().copied().collect();
            for bd in al.align_rows(&a, n, &b, m, 384).unwrap() {
                let wrong = bd.a.clone().any(|i| bd.b.clone().any(|j| !g.contains(&(i,j))));
                let missing = g.iter().any(|&(i,j)| (bd.a.contains(&i) && !bd.b.contains(&j)) || (bd.b.contains(&j) && !bd.a.contains(&i)));
                if wrong || missing { println!("{name} {:?} {:?} cos {:.3} cost {:.3} score {:.3} wrong={wrong} missing={missing}\n   A: {}\n   B: {}", bd.a, bd.b, bd.cosine, bd.cost, bd.score, bd.a.clone().map(|i| ta[i].as_str()).collect::<Vec<_>>().join(" | "), bd.b.clone().map(|j| tb[j].as_str()).collect::<Vec<_>>().join(" | ")); }
            }
        }
    }
    if mode == "detect" {
        let det = TranslationDetector::default();
        let show = |label: &str, x: &str, rx: std::ops::Range<usize>, y: &str, ry: std::ops::Range<usize>| {
            let (a, _) = rd(x); let (b, _) = rd(y);
            let s = det.detect_rows(&a[rx.start*384..rx.end*384], rx.len(), &b[ry.start*384..ry.end*384], ry.len(), 384).unwrap();
            println!("{label:<40} {} score {:.3} cov {:.3} order {:.3} lr {:.3} mined {} mono {}", s.is_translation, s.score, s.coverage, s.order, s.length_ratio, s.mined, s.monotone);
        };
        for name in &names { let (_, n) = rd(&format!("{name}.a")); let (_, m) = rd(&format!("{name}.b")); show(&format!("TRUE {name}"), &format!("{name}.a"), 0..n, &format!("{name}.b"), 0..m); }
        for (i, name) in names.iter().enumerate() { let other = &names[(i+1)%names.len()]; let (_, n) = rd(&format!("{name}.a")); let (_, m) = rd(&format!("{other}.b")); show(&format!("FALSE {name}/{other}"), &format!("{name}.a"), 0..n, &format!("{other}.b"), 0..m); }
        // halves of docs: first half of a vs second half of b (partial overlap, not translation)
        for name in &names { let (_, n) = rd(&format!("{name}.a")); let (_, m) = rd(&format!("{name}.b")); show(&format!("HALF {name}"), &format!("{name}.a"), 0..n/2, &format!("{name}.b"), m/4..m); }
        let c = |x: &str| rd(x).1;
        for (x, y) in [("corpus000","corpus002"),("corpus000","corpus003"),("corpus002","corpus003")] { show(&format!("FALSE {x}/{y}"), x, 0..c(x), y, 0..c(y)); }
    }
    if mode == "within" {
        let t = txt("corpus004"); let (v, n) = rd("corpus004");
        let langs: Vec<Lang> = t.iter().map(|s| Lang::detect(s)).collect();
        println!("{:?}", language_runs(&langs, 4));
        let doc = DocId::from_string("d4"); let ids: Vec<SentenceId> = (0..n).map(|i| SentenceId::from_string(format!("s{i}"))).collect();
        let al = BeadAligner::default();
        let dv = DocVectors { doc_id: &doc, sentence_ids: &ids, vectors: &v, dim: 384 };
        let runs = language_runs(&langs, 4);
        for r in &runs { for r2 in &runs { if r.rows.start < r2.rows.start { let s = al.detector().detect_rows(&v[r.rows.start*384..r.rows.end*384], r.rows.len(), &v[r2.rows.start*384..r2.rows.end*384], r2.rows.len(), 384).unwrap(); println!("{:?} {:?} {:?}", r, r2, s); } } }
        let out = al.align_within(&dv, &langs).unwrap();
        for a in &out { let f = |r: Option<concord_core::SentenceRange>| r.map(|r| (r.first..=r.last).map(|i| t[i as usize].chars().take(50).collect::<String>()).collect::<Vec<_>>().join(" / ")).unwrap_or_default(); println!("{:?} {:?} s={:.2} c={:.3} | {} || {}", a.range_a.map(|r| (r.first, r.last)), a.range_b.map(|r| (r.first, r.last)), a.score, a.cosine, f(a.range_a), f(a.range_b)); }
    }
}
