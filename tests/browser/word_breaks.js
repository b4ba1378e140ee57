// Headings (and headings-like elements) whose words are split over two lines, or stick out of
// their box: [{text, word}]. A word is split when its range has boxes on more than one line.
(selector) => {
  const broken = [];
  document.querySelectorAll(selector).forEach((element) => {
    if (!element.offsetParent || element.getBoundingClientRect().width < 2) return;
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const re = /\S+/g;
      let match;
      while ((match = re.exec(node.data))) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        const box = element.getBoundingClientRect();
        const rect = range.getBoundingClientRect();
        if (tops.size > 1 || rect.right > box.right + 1 || rect.right > document.documentElement.clientWidth) {
          broken.push({ text: element.textContent.trim().slice(0, 80), word: match[0] });
        }
      }
    }
  });
  return broken;
}
