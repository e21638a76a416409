/** A minimal terminal model for output tests: replays \r, ESC[K and \n and returns the screen's lines (the cursor's line last). */
export function screen(bytes) {
    const lines = [''];
    let col = 0;
    for (let i = 0; i < bytes.length; i++) {
        const c = bytes[i];
        const row = lines.length - 1;
        if (c === '\r')
            col = 0;
        else if (c === '\n') {
            lines.push('');
            col = 0;
        }
        else if (bytes.startsWith('\x1b[K', i)) {
            lines[row] = lines[row].slice(0, col);
            i += 2;
        }
        else {
            const l = lines[row];
            lines[row] = l.slice(0, col) + c + l.slice(col + 1);
            col++;
        }
    }
    return lines;
}
//# sourceMappingURL=screen.js.map