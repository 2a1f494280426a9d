package dev.jemception.packs;

import java.io.IOException;

/** A pack that is missing or corrupt; the message names the pack. */
public final class PackException extends IOException {
    private final String pack;

    public PackException(String pack, String problem) {
        super("pack '" + pack + "' is " + problem);
        this.pack = pack;
    }

    public String pack() {
        return pack;
    }
}
