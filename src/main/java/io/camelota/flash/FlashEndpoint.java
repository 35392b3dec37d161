package io.camelota.flash;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

// The annotations below are the component's catalog metadata: camel-package-maven-plugin turns them (and the
// javadoc sentence, which becomes the component's description) into flash.json, the configurers and the URI
// factory under library/src/generated. FlashMetadataTest keeps that output, these fields and Camel's view in step.
/**
 * Install a Mongoose OS fw.zip bundle (the message body, streamed) into the device's inactive A/B slot.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "flash", title = "Flash (A/B slot install)", syntax = "flash:target",
             producerOnly = true, remote = false, category = {Category.IOT, Category.FILE},
             headersClass = FlashConstants.class)
public class FlashEndpoint extends DefaultEndpoint {

    @UriPath(description = "A label for what is written (e.g. inactive-slot, upload); the slot written is always"
                           + " the inactive one.")
    @Metadata(required = true)
    private String target;
    @UriParam(label = "producer", defaultValue = "false",
              description = "Skip (result 1, Version is the same as current) a bundle whose version and build id"
                            + " equal the running firmware's. The CamelFlashIgnoreSameVersion header overrides it.")
    private boolean ignoreSameVersion;
    @UriParam(label = "producer", defaultValue = "0",
              description = "Seconds the new firmware has after its first boot to be committed; 0 commits at first"
                            + " boot. The CamelFlashCommitTimeout header overrides it.")
    private int commitTimeout;
    @UriParam(label = "producer", defaultValue = "600",
              description = "Seconds without a byte of progress after which the install is aborted (Update timed"
                            + " out); 0 = never.")
    private long timeout = 600;
    @UriParam(label = "producer,advanced", defaultValue = "134217728",
              description = "Bundle bytes between two resume checkpoints of a broken download (a checkpoint is also"
                            + " taken at least every 5 s).")
    private long checkpointBytes = Installer.DEFAULT_CHECKPOINT_BYTES;

    public FlashEndpoint(String uri, FlashComponent component) {
        super(uri, component);
    }

    @Override
    public Producer createProducer() {
        return new FlashProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("flash: is a producer only");
    }

    @Override
    public FlashComponent getComponent() {
        return (FlashComponent) super.getComponent();
    }

    public String getTarget() {
        return target;
    }

    public void setTarget(String target) {
        this.target = target;
    }

    public boolean isIgnoreSameVersion() {
        return ignoreSameVersion;
    }

    public void setIgnoreSameVersion(boolean ignoreSameVersion) {
        this.ignoreSameVersion = ignoreSameVersion;
    }

    public int getCommitTimeout() {
        return commitTimeout;
    }

    public void setCommitTimeout(int commitTimeout) {
        this.commitTimeout = commitTimeout;
    }

    public long getTimeout() {
        return timeout;
    }

    public void setTimeout(long timeout) {
        this.timeout = timeout;
    }

    public long getCheckpointBytes() {
        return checkpointBytes;
    }

    public void setCheckpointBytes(long checkpointBytes) {
        this.checkpointBytes = checkpointBytes;
    }
}
