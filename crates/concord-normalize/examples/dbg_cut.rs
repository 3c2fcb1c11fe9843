use concord_normalize::*;
use concord_core::Segmenter;
fn main() {
    let t = format!(" 东京{}", "，- ".repeat(21));
    let seq = Sequence::new(vec![Box::new(Nfkc), Box::new(Whitespace), Box::new(Punctuation)]);
    let p = TextPipeline::new(seq, SegmentationMode::Rules).with_max_sentence_bytes(64);
    let n = p.normalize(&t);
    println!("{:?}", n.as_str());
    for s in RuleSegmenter::with_max_sentence_bytes(64).segment(n.as_str()) { println!("seg {:?} {:?}", s.range, &n.as_str()[s.range.clone()]); }
    for s in p.split(&t) { println!("{:?} {:?} {:?}", s.span, s.text, s.span.slice(&t)); }
}
