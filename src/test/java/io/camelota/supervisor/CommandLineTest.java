package io.camelota.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void splitsOnWhitespaceWithoutAShell() {
        assertThat(CommandLine.split("app.command", "  java -Xmx64m\t-jar {app}  "))
                .containsExactly("java", "-Xmx64m", "-jar", "{app}");
        // shell syntax is just text: no pipes, no variables, no command substitution
        assertThat(CommandLine.split("app.command", "echo $HOME; rm -rf / | cat `id`"))
                .containsExactly("echo", "$HOME;", "rm", "-rf", "/", "|", "cat", "`id`");
        assertThat(CommandLine.split("app.command", "")).isEmpty();
    }

    @Test
    void quotesAndBackslashesKeepSpaces() {
        assertThat(CommandLine.split("app.command", "java '-Dname=a b' \"-Dq=say \\\"hi\\\" \\\\ $x\" a\\ b ''"))
                .containsExactly("java", "-Dname=a b", "-Dq=say \"hi\" \\ $x", "a b", "");
        assertThat(CommandLine.split("app.command", "x'y z'\"w\"")).containsExactly("xy zw");
    }

    @Test
    void badQuotingNamesTheKey() {
        assertThatThrownBy(() -> CommandLine.split("app.command", "java 'unclosed"))
                .hasMessage("app.command: unterminated ' quote");
        assertThatThrownBy(() -> CommandLine.split("app.command", "java \"unclosed"))
                .hasMessage("app.command: unterminated \" quote");
        assertThatThrownBy(() -> CommandLine.split("app.command", "java \\"))
                .hasMessage("app.command: ends with a lone backslash");
    }

    @Test
    void placeholdersBecomeOneArgumentEachEvenWithSpaces() {
        List<String> argv = CommandLine.expand(CommandLine.split("k", "java -jar {app} --fs={fs}"),
                Path.of("/data/my slots/slot1.img"), Path.of("/data/fs 1.img"));
        assertThat(argv).containsExactly("java", "-jar", "/data/my slots/slot1.img", "--fs=/data/fs 1.img");
    }

    @Test
    void fsPlaceholderWithoutFsSlotsIsAConfigError() {
        assertThatThrownBy(() -> CommandLine.expand(List.of("run", "{fs}"), Path.of("/a"), null))
                .hasMessageStartingWith("app.command: {fs} needs flash.fs_slot.0.path");
    }
}
