package dev.jemception.build;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The serve module's build step: the playground's editor, CodeMirror 6, from pinned npm packages
 * (fetched by npm, checked against their integrity hashes, cached per machine). Each package's ES
 * module entry (one file each, importing the others by package name) is copied to
 * {@code <vendor dir>/<name>.js} with its licence, and {@code importmap.json} maps the package
 * names to them, so the browser loads them as they are: no bundler, nothing from a CDN.
 * Usage: {@code BuildPlaygroundEditor <cache dir> <vendor dir>}.
 */
public final class BuildPlaygroundEditor {
    /** The editor and everything its modules import, as the registry resolved them on 2026-12-06. */
    static final List<NpmPackage> PACKAGES = List.of(
            new NpmPackage("@codemirror/state", "6.7.6", "sha512-kAz+AncRtKuIknedxT1bq4XwXv4UowhbkHU1myPrtVb/jZtImWuV5BXzv5vK6i3kYACsdiZiQKFQQ5Mq7elW8w=="),
            new NpmPackage("@codemirror/view", "6.44.2", "sha512-7yxTh7+iCbxIV9QCJAVlkYjWV/TCHD0zmLIaIR3NOb47YpCWwVUuFUnHwkRC3z+8cXNgeJzrCy4QtlR3fVt5kg=="),
            new NpmPackage("@codemirror/language", "6.13.1", "sha512-zfvU2r3TyylQLMj/te+5CnQ0rSqZi8B1oTCBbQkagcLW4Xc6imab6qN+pEJhsuNOLaJqiRyBXp9UhWA1DhVvDw=="),
            new NpmPackage("@codemirror/streamparser", "6.0.0", "sha512-JTFPF6xrfjt0mnfGPgzcLiMwYmvIyNaoizp8BYzv8FE8KrT6GBGDZ190rtt+O7Wke3gG/MFHyiY9YGNeimof4w=="),
            new NpmPackage("@codemirror/commands", "6.11.2", "sha512-NbH6Q9lmcXvf9s5/mMJIwL2Hjl2NEdsN/dDlezGnaFOQgNZ59dT7ndKUf21/PIjJacD/Ti2Ifi4TsBkO6WHvsg=="),
            new NpmPackage("@codemirror/lint", "6.9.8", "sha512-qNvtcE73xUto/D1RvtgSRI4A1Hg8ekxlvtZpjHpdpisLBnhyu82EUEJMEgaxkjuQCA8vqnrylENWKOsEDCOHcw=="),
            new NpmPackage("@codemirror/lang-cpp", "6.0.3", "sha512-URM26M3vunFFn9/sm6rzqrBzDgfWuDixp85uTY49wKudToc2jTHUrKIGGKs+QWND+YLofNNZpxcNGRynFJfvgA=="),
            new NpmPackage("@lezer/common", "1.5.7", "sha512-3+3PN+M/3xSjrlQz8/wBPOl+JYGJ+G37ZszHfnhphFwj41qPUPxsz4WEic3ZyVpL23rX1qefaGqz0lA7jGUqwg=="),
            new NpmPackage("@lezer/highlight", "1.2.5", "sha512-O1GMVKgtf5YspFaRzpmqkVgMtIk2HG9uMAbH6wdAIdNh3TVzCsch/+cRi+6l2//UGDKe6NB9BW3cvuR5ezMQ0w=="),
            new NpmPackage("@lezer/lr", "1.4.13", "sha512-Ez6qF9rXdnR/7hTcA6kHq1uTcPV+17hyUFjiHBVYNi0a81TgbkC0SwiNvxcuUMkvX7phuhTHo+QAXh9L2kjGdg=="),
            new NpmPackage("@lezer/cpp", "1.1.6", "sha512-vh9gWWJOXFVY8HBHK3Twzq8MgwG2iN4GSyzBP9sCGTe37P15x2R14VaBQk0VA0ezTRN1KHYBBsHhvpGZ2Xy/pA=="),
            new NpmPackage("@marijn/find-cluster-break", "1.0.4", "sha512-Wy0V7+SGUjnF9/TkiM1hKVDPj7jKXduPNboMVtHTA8dySMURWqfg/JZ9E2Sq8JgSJmkl7k7Qe9FLeMSrSraWmQ=="),
            new NpmPackage("style-mod", "4.1.5", "sha512-WQ2llCZa9sZSkJA+aOwpg5DkfbAXFKGh//t3MRTBeruFiSBC+GXUmbBzrw3bXyboCWAbtCW9InDfBsXrRD/rAg=="),
            new NpmPackage("w3c-keyname", "2.2.8", "sha512-dpojBhNsCNN7T82Tm7k26A6G9ML3NkhDsnw9n/eoxSRlVBB4CEtIQ/KTCLI2Fwf3ataSXRhYFkQi3SlnFwPvPQ=="),
            new NpmPackage("crelt", "1.0.7", "sha512-aK6BbWfhf4U/wCcLHKPJl/xa6VkVstRaPywWtMKGwuOLc/wZTyQYuoxgvZnNsBvv7Kg3YTBQYYBCggcviQczuA=="));
    /** Where the page asks for the vendor directory's files. */
    static final String URL_PREFIX = "/static/vendor/";

    private BuildPlaygroundEditor() {}

    public static void main(String[] args) throws IOException {
        Path cache = Path.of(args[0]);
        Path vendor = Path.of(args[1]);
        String inputs = String.join("\n", PACKAGES.stream().map(NpmPackage::integrity).toList());
        Path stamp = vendor.resolve("editor.stamp");
        if (Files.isRegularFile(stamp) && Files.readString(stamp).equals(inputs)) {
            return;
        }
        Files.createDirectories(vendor);
        Path work = Files.createTempDirectory("jemception-editor-");
        var imports = new TreeMap<String, String>();
        for (NpmPackage p : PACKAGES) {
            Path extracted = work.resolve(p.name().replace('/', '_'));
            p.extract(p.fetch(cache), extracted, name -> name.endsWith(".js") || name.equals("package/package.json")
                    || name.equals("package/LICENSE"));
            String entry = esmEntry(extracted.resolve("package/package.json"), p);
            String file = p.name().replace("@", "") + ".js";
            Path target = vendor.resolve(file);
            Files.createDirectories(target.getParent());
            Files.copy(extracted.resolve("package").resolve(entry), target, StandardCopyOption.REPLACE_EXISTING);
            Path licence = extracted.resolve("package/LICENSE");
            if (Files.isRegularFile(licence)) {
                Files.copy(licence, vendor.resolve(p.name().replace("@", "") + ".LICENSE"), StandardCopyOption.REPLACE_EXISTING);
            }
            imports.put(p.name(), URL_PREFIX + file);
        }
        Files.writeString(vendor.resolve("importmap.json"), JSON.std.asString(Map.of("imports", imports)), StandardCharsets.UTF_8);
        Files.writeString(stamp, inputs);
        NpmPackage.deleteTree(work);
    }

    /** The file {@code exports["."].import} (or {@code module}) names: the package's ES module. */
    private static String esmEntry(Path packageJson, NpmPackage p) throws IOException {
        Map<String, Object> json = JSON.std.mapFrom(Files.readString(packageJson));
        Object exports = json.get("exports");
        if (exports instanceof Map<?, ?> e && e.get(".") instanceof Map<?, ?> dot) {
            exports = dot;
        }
        Object entry = exports instanceof Map<?, ?> e ? e.get("import") : json.get("module");
        if (!(entry instanceof String s)) {
            throw new IOException(p.spec() + " names no ES module entry in its package.json");
        }
        return s.startsWith("./") ? s.substring(2) : s;
    }
}
