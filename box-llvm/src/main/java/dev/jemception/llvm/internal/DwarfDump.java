package dev.jemception.llvm.internal;

import dev.jemception.runtime.ProcessContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code llvm-dwarfdump -debug-info -debug-line [--recurse-depth=0] FILE.wasm}: the part of
 * llvm-dwarfdump that Emscripten's {@code tools/wasm-sourcemap.py} reads (the pinned LLVM build has
 * no llvm-dwarfdump). Prints, in llvm-dwarfdump's format, each compile unit's DIE (its name,
 * {@code DW_AT_stmt_list} and {@code DW_AT_comp_dir}) and each line table: include directories,
 * file names and rows. DWARF 4 and 5, 32-bit, as clang emits for wasm32; anything else is refused.
 */
public final class DwarfDump {
    private static final int DW_TAG_compile_unit = 0x11;
    private static final int DW_AT_name = 0x03, DW_AT_stmt_list = 0x10, DW_AT_comp_dir = 0x1b, DW_AT_str_offsets_base = 0x72;

    private final Map<String, ByteBuffer> sections;
    private final StringBuilder out = new StringBuilder();

    private DwarfDump(Map<String, ByteBuffer> sections) {
        this.sections = sections;
    }

    public static int run(ProcessContext process) throws IOException {
        String file = null;
        for (String a : process.args()) {
            switch (a) {
                case "-debug-info", "--debug-info", "-debug-line", "--debug-line", "--recurse-depth=0" -> { }
                default -> {
                    if (a.startsWith("-") || file != null) {
                        return fail(process, "llvm-dwarfdump: jemception's llvm-dwarfdump prints only "
                                + "-debug-info -debug-line [--recurse-depth=0] FILE (what Emscripten's source maps read); '"
                                + a + "' is not supported");
                    }
                    file = a;
                }
            }
        }
        if (file == null) {
            return fail(process, "llvm-dwarfdump: no input file");
        }
        var path = process.fs().getPath(process.cwd()).resolve(file);
        if (!Files.isRegularFile(path)) {
            return fail(process, "llvm-dwarfdump: error: '" + file + "': No such file or directory");
        }
        Map<String, ByteBuffer> sections;
        try {
            sections = customSections(Files.readAllBytes(path));
        } catch (RuntimeException e) {
            return fail(process, "llvm-dwarfdump: error: '" + file + "': not a valid wasm file");
        }
        var dump = new DwarfDump(sections);
        try {
            dump.out.append(file).append(":\tfile format WASM\n\n");
            dump.debugInfo();
            dump.debugLine();
        } catch (RuntimeException e) {
            return fail(process, "llvm-dwarfdump: error: '" + file + "': unsupported or damaged DWARF (" + e.getMessage() + ")");
        }
        process.stdout().write(dump.out.toString().getBytes(StandardCharsets.UTF_8));
        process.stdout().flush();
        return 0;
    }

    private static int fail(ProcessContext process, String message) throws IOException {
        process.stderr().write((message + "\n").getBytes(StandardCharsets.UTF_8));
        return 1;
    }

    /** The custom sections of a wasm module, by name. */
    static Map<String, ByteBuffer> customSections(byte[] wasm) {
        if (wasm.length < 8 || wasm[0] != 0 || wasm[1] != 'a' || wasm[2] != 's' || wasm[3] != 'm') {
            throw new IllegalArgumentException("not wasm");
        }
        Map<String, ByteBuffer> sections = new HashMap<>();
        ByteBuffer b = ByteBuffer.wrap(wasm).order(ByteOrder.LITTLE_ENDIAN);
        b.position(8);
        while (b.hasRemaining()) {
            int id = b.get() & 0xff;
            int size = (int) uleb(b);
            int end = b.position() + size;
            if (id == 0) {
                int nameLength = (int) uleb(b);
                byte[] name = new byte[nameLength];
                b.get(name);
                ByteBuffer content = b.slice(b.position(), end - b.position()).order(ByteOrder.LITTLE_ENDIAN);
                sections.put(new String(name, StandardCharsets.UTF_8), content);
            }
            b.position(end);
        }
        return sections;
    }

    private ByteBuffer section(String name) {
        ByteBuffer s = sections.get(name);
        return s == null ? null : s.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    // ---- .debug_info: the compile unit DIE of each unit ----

    private void debugInfo() {
        out.append(".debug_info contents:\n");
        ByteBuffer info = section(".debug_info");
        if (info == null) {
            out.append('\n');
            return;
        }
        while (info.hasRemaining()) {
            int unitStart = info.position();
            int unitEnd = unitEnd(info);
            long length = unitEnd - unitStart - 4;
            int version = info.getShort() & 0xffff;
            int abbrevOffset;
            int addressSize;
            if (version >= 5) {
                int unitType = info.get() & 0xff;
                addressSize = info.get() & 0xff;
                abbrevOffset = info.getInt();
                if (unitType != 1) { // only DW_UT_compile units carry what is needed
                    info.position(unitEnd);
                    continue;
                }
            } else if (version >= 2) {
                abbrevOffset = info.getInt();
                addressSize = info.get() & 0xff;
            } else {
                throw new IllegalStateException("DWARF version " + version);
            }
            out.append(String.format("0x%08x: Compile Unit: length = 0x%08x, format = DWARF32, version = 0x%04x, abbr_offset = 0x%04x, addr_size = 0x%02x%n%n",
                    unitStart, length, version, abbrevOffset, addressSize));
            int dieOffset = info.position();
            long code = uleb(info);
            Abbrev abbrev = abbrevs(abbrevOffset).get(code);
            if (abbrev == null || abbrev.tag != DW_TAG_compile_unit) {
                info.position(unitEnd);
                continue;
            }
            Map<Integer, Object> values = new HashMap<>();
            for (int[] spec : abbrev.specs) {
                values.put(spec[0], readForm(info, spec[1], spec[2], addressSize));
            }
            long strOffsetsBase = values.get(DW_AT_str_offsets_base) instanceof Long l ? l : 8;
            out.append(String.format("0x%08x: DW_TAG_compile_unit%n", dieOffset));
            for (int[] spec : abbrev.specs) {
                int attribute = spec[0];
                Object v = values.get(attribute);
                String text = switch (attribute) {
                    case DW_AT_name, DW_AT_comp_dir -> "(\"" + escape(string(v, strOffsetsBase)) + "\")";
                    case DW_AT_stmt_list -> String.format("(0x%08x)", (Long) v);
                    default -> null;
                };
                if (text != null) {
                    String name = attribute == DW_AT_name ? "DW_AT_name" : attribute == DW_AT_stmt_list ? "DW_AT_stmt_list" : "DW_AT_comp_dir";
                    out.append("              ").append(name).append('\t').append(text).append('\n');
                }
            }
            out.append('\n');
            info.position(unitEnd);
        }
    }

    private record Abbrev(int tag, List<int[]> specs) {}

    private Map<Long, Abbrev> abbrevs(int offset) {
        ByteBuffer b = section(".debug_abbrev");
        b.position(offset);
        Map<Long, Abbrev> table = new HashMap<>();
        while (true) {
            long code = uleb(b);
            if (code == 0) {
                return table;
            }
            int tag = (int) uleb(b);
            b.get(); // children
            List<int[]> specs = new ArrayList<>();
            while (true) {
                int attribute = (int) uleb(b);
                int form = (int) uleb(b);
                int implicit = form == 0x21 ? (int) sleb(b) : 0;
                if (attribute == 0 && form == 0) {
                    break;
                }
                specs.add(new int[] {attribute, form, implicit});
            }
            table.put(code, new Abbrev(tag, specs));
        }
    }

    /** A string value: an inline string, or where a reference ({@code Str}) points. */
    private record Str(int form, long index) {}

    private Object readForm(ByteBuffer b, int form, int implicit, int addressSize) {
        Object value = switch (form) {
            case 0x01 -> addressSize == 8 ? b.getLong() : (long) b.getInt() & 0xffffffffL; // addr
            case 0x0b, 0x11, 0x0c, 0x25, 0x29 -> (long) (b.get() & 0xff); // data1 ref1 flag strx1 addrx1
            case 0x05, 0x12, 0x26, 0x2a -> (long) (b.getShort() & 0xffff); // data2 ref2 strx2 addrx2
            case 0x27, 0x2b -> (long) ((b.get() & 0xff) | (b.get() & 0xff) << 8 | (b.get() & 0xff) << 16); // strx3 addrx3
            case 0x06, 0x13, 0x17, 0x0e, 0x1f, 0x28, 0x2c, 0x1d -> (long) b.getInt() & 0xffffffffL; // data4 ref4 sec_offset strp line_strp strx4 addrx4 ref_sup4
            case 0x07, 0x14, 0x20 -> b.getLong(); // data8 ref8 ref_sig8
            case 0x0d -> sleb(b); // sdata
            case 0x0f, 0x15, 0x1a, 0x1b, 0x22, 0x23 -> uleb(b); // udata ref_udata strx addrx loclistx rnglistx
            case 0x19 -> 0L; // flag_present
            case 0x21 -> (long) implicit; // implicit_const
            case 0x08 -> cString(b); // string
            case 0x0a -> skip(b, b.get() & 0xff); // block1
            case 0x03 -> skip(b, b.getShort() & 0xffff); // block2
            case 0x04 -> skip(b, b.getInt()); // block4
            case 0x09, 0x18 -> skip(b, (int) uleb(b)); // block exprloc
            case 0x1e -> skip(b, 16); // data16
            default -> throw new IllegalStateException("DW_FORM 0x" + Integer.toHexString(form));
        };
        return isStringForm(form) ? new Str(form, (Long) value) : value;
    }

    private static boolean isStringForm(int form) {
        return form == 0x0e || form == 0x1f || form == 0x1a || form == 0x25 || form == 0x26 || form == 0x27 || form == 0x28;
    }

    private static Object skip(ByteBuffer b, int n) {
        b.position(b.position() + n);
        return null;
    }

    private String string(Object v, long strOffsetsBase) {
        if (v instanceof String s) {
            return s;
        }
        if (!(v instanceof Str ref)) {
            return "";
        }
        return switch (ref.form()) {
            case 0x0e -> cStringAt(section(".debug_str"), ref.index());
            case 0x1f -> cStringAt(section(".debug_line_str"), ref.index());
            default -> { // strx*: an index into .debug_str_offsets
                ByteBuffer offsets = section(".debug_str_offsets");
                yield cStringAt(section(".debug_str"), offsets.getInt((int) (strOffsetsBase + 4 * ref.index())) & 0xffffffffL);
            }
        };
    }

    // ---- .debug_line ----

    private void debugLine() {
        out.append(".debug_line contents:\n");
        ByteBuffer line = section(".debug_line");
        if (line == null) {
            return;
        }
        while (line.hasRemaining()) {
            int tableStart = line.position();
            int tableEnd = unitEnd(line);
            int version = line.getShort() & 0xffff;
            if (version < 2 || version > 5) {
                throw new IllegalStateException("line table version " + version);
            }
            int addressSize = 4;
            if (version >= 5) {
                addressSize = line.get() & 0xff;
                line.get(); // segment selector size
            }
            long headerLength = line.getInt() & 0xffffffffL;
            int programStart = line.position() + (int) headerLength;
            int minInstLength = line.get() & 0xff;
            if (version >= 4) {
                line.get(); // maximum operations per instruction
            }
            boolean defaultIsStmt = line.get() != 0;
            int lineBase = line.get();
            int lineRange = line.get() & 0xff;
            int opcodeBase = line.get() & 0xff;
            int[] opcodeLengths = new int[opcodeBase];
            for (int i = 1; i < opcodeBase; i++) {
                opcodeLengths[i] = line.get() & 0xff;
            }
            out.append(String.format("debug_line[0x%08x]%n", tableStart));
            if (version >= 5) {
                List<int[]> dirFormat = entryFormat(line);
                long dirCount = uleb(line);
                for (int i = 0; i < dirCount; i++) {
                    Map<Integer, Object> e = entry(line, dirFormat, addressSize);
                    directory(i, lineString(e.get(1)));
                }
                List<int[]> fileFormat = entryFormat(line);
                long fileCount = uleb(line);
                for (int i = 0; i < fileCount; i++) {
                    Map<Integer, Object> e = entry(line, fileFormat, addressSize);
                    file(i, lineString(e.get(1)), e.get(2) instanceof Long l ? l : 0);
                }
            } else {
                for (int i = 1; ; i++) {
                    String dir = cString(line);
                    if (dir.isEmpty()) {
                        break;
                    }
                    directory(i, dir);
                }
                for (int i = 1; ; i++) {
                    String name = cString(line);
                    if (name.isEmpty()) {
                        break;
                    }
                    long dir = uleb(line);
                    uleb(line); // modification time
                    uleb(line); // length
                    file(i, name, dir);
                }
            }
            out.append("\nAddress            Line   Column File   ISA Discriminator Flags\n");
            out.append("------------------ ------ ------ ------ --- ------------- -------------\n");
            line.position(programStart);
            program(line.slice(programStart, tableEnd - programStart).order(ByteOrder.LITTLE_ENDIAN),
                    minInstLength, defaultIsStmt, lineBase, lineRange, opcodeBase, opcodeLengths);
            out.append('\n');
            line.position(tableEnd);
        }
    }

    private void directory(int index, String dir) {
        out.append(String.format("include_directories[%3d] = \"%s\"%n", index, escape(dir)));
    }

    private void file(int index, String name, long dirIndex) {
        out.append(String.format("file_names[%3d]:%n           name: \"%s\"%n      dir_index: %d%n", index, escape(name), dirIndex));
    }

    /** Reads a unit's 32-bit DWARF length and gives where the unit ends. */
    private static int unitEnd(ByteBuffer b) {
        long length = b.getInt() & 0xffffffffL;
        if (length == 0xffffffffL) {
            throw new IllegalStateException("64-bit DWARF");
        }
        return b.position() + (int) length;
    }

    /** Runs a line number program, printing a row for each row it appends. */
    private void program(ByteBuffer p, int minInstLength, boolean defaultIsStmt, int lineBase, int lineRange,
            int opcodeBase, int[] opcodeLengths) {
        var r = new Row(defaultIsStmt);
        while (p.hasRemaining()) {
            int opcode = p.get() & 0xff;
            if (opcode >= opcodeBase) {
                int adjusted = opcode - opcodeBase;
                r.address += (long) (adjusted / lineRange) * minInstLength;
                r.line += lineBase + adjusted % lineRange;
                emit(r, false);
                r.discriminator = 0;
                r.basicBlock = r.prologueEnd = r.epilogueBegin = false;
                continue;
            }
            switch (opcode) {
                case 0 -> {
                    int len = (int) uleb(p);
                    int end = p.position() + len;
                    int sub = p.get() & 0xff;
                    switch (sub) {
                        case 1 -> { // end_sequence
                            emit(r, true);
                            r = new Row(defaultIsStmt);
                        }
                        case 2 -> { // set_address; all ones is wasm-ld's tombstone for dropped code: not shown
                            r.address = len - 1 == 8 ? p.getLong() : p.getInt() & 0xffffffffL;
                            r.dead = r.address == (len - 1 == 8 ? -1L : 0xffffffffL);
                        }
                        case 4 -> r.discriminator = uleb(p);
                        default -> { } // define_file and vendor extensions: nothing a row shows
                    }
                    p.position(end);
                }
                case 1 -> { // copy
                    emit(r, false);
                    r.discriminator = 0;
                    r.basicBlock = r.prologueEnd = r.epilogueBegin = false;
                }
                case 2 -> r.address += uleb(p) * minInstLength;
                case 3 -> r.line += sleb(p);
                case 4 -> r.file = uleb(p);
                case 5 -> r.column = uleb(p);
                case 6 -> r.isStmt = !r.isStmt;
                case 7 -> r.basicBlock = true;
                case 8 -> r.address += (long) ((255 - opcodeBase) / lineRange) * minInstLength;
                case 9 -> r.address += p.getShort() & 0xffff;
                case 10 -> r.prologueEnd = true;
                case 11 -> r.epilogueBegin = true;
                case 12 -> r.isa = uleb(p);
                default -> {
                    for (int i = 0; i < opcodeLengths[opcode]; i++) {
                        uleb(p);
                    }
                }
            }
        }
    }

    private static final class Row {
        long address;
        long line = 1;
        long column;
        long file = 1;
        long isa;
        long discriminator;
        boolean isStmt;
        boolean basicBlock;
        boolean prologueEnd;
        boolean epilogueBegin;
        boolean dead;

        Row(boolean defaultIsStmt) {
            isStmt = defaultIsStmt;
        }
    }

    private void emit(Row r, boolean endSequence) {
        if (r.dead) {
            return;
        }
        var flags = new StringBuilder();
        if (r.isStmt) {
            flags.append(" is_stmt");
        }
        if (r.basicBlock) {
            flags.append(" basic_block");
        }
        if (endSequence) {
            flags.append(" end_sequence");
        }
        if (r.prologueEnd) {
            flags.append(" prologue_end");
        }
        if (r.epilogueBegin) {
            flags.append(" epilogue_begin");
        }
        out.append(String.format("0x%016x %6d %6d %6d %3d %13d %s%n", r.address, r.line, r.column, r.file, r.isa,
                r.discriminator, flags).replaceAll(" +\n$", "\n"));
    }

    /** A DWARF 5 entry format: (content type, form) pairs. */
    private static List<int[]> entryFormat(ByteBuffer b) {
        int count = b.get() & 0xff;
        List<int[]> format = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            format.add(new int[] {(int) uleb(b), (int) uleb(b)});
        }
        return format;
    }

    private Map<Integer, Object> entry(ByteBuffer b, List<int[]> format, int addressSize) {
        Map<Integer, Object> e = new HashMap<>();
        for (int[] f : format) {
            e.put(f[0], readForm(b, f[1], 0, addressSize));
        }
        return e;
    }

    private String lineString(Object v) {
        return string(v, 8);
    }

    // ---- primitives ----

    static long uleb(ByteBuffer b) {
        long result = 0;
        int shift = 0;
        while (true) {
            int x = b.get() & 0xff;
            result |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return result;
            }
            shift += 7;
        }
    }

    static long sleb(ByteBuffer b) {
        long result = 0;
        int shift = 0;
        int x;
        do {
            x = b.get() & 0xff;
            result |= (long) (x & 0x7f) << shift;
            shift += 7;
        } while ((x & 0x80) != 0);
        if (shift < 64 && (x & 0x40) != 0) {
            result |= -1L << shift;
        }
        return result;
    }

    private static String cString(ByteBuffer b) {
        int start = b.position();
        while (b.get() != 0) {
            // find the terminator
        }
        byte[] bytes = new byte[b.position() - start - 1];
        b.get(start, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String cStringAt(ByteBuffer b, long offset) {
        b.position((int) offset);
        return cString(b);
    }

    /** As llvm-dwarfdump writes strings: backslash and quote escaped, bytes of 0x80 and up as octal. */
    private static String escape(String s) {
        var out = new StringBuilder();
        for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
            int u = c & 0xff;
            if (u == '\\' || u == '"') {
                out.append('\\').append((char) u);
            } else if (u >= 0x80 || u < 0x20) {
                out.append(String.format("\\%03o", u));
            } else {
                out.append((char) u);
            }
        }
        return out.toString();
    }
}
