package io.camelota.flash;

import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

import io.camelota.boot.BootControl;
import io.camelota.lifecycle.UpdateLifecycle;
import io.camelota.slot.SlotLayout;
import io.camelota.status.StatusBoard;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * The flash: component: installs a Mongoose fw.zip body into the inactive A/B slot.
 * It owns what all its endpoints share: the device's boot control, slot layout, install policy,
 * the status board (all autowired from the registry by type) and the watchdog scheduler.
 */
@Component("flash")
public class FlashComponent extends DefaultComponent {

    @Metadata(label = "advanced", autowired = true, description = "The boot state (active/revert slot, committed flag).")
    private BootControl bootControl;
    @Metadata(label = "advanced", autowired = true, description = "Where the app (and fs) slots are and how big they are.")
    private SlotLayout slotLayout;
    @Metadata(label = "advanced", autowired = true, description = "Platform, signature keys and mask, downgrade and read-back policy.")
    private InstallPolicy installPolicy;
    @Metadata(label = "advanced", autowired = true, description = "The update status and single-flight guard shared with the routes.")
    private StatusBoard statusBoard;

    private ScheduledExecutorService scheduler;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        FlashEndpoint endpoint = new FlashEndpoint(uri, this);
        endpoint.setTarget(remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // Camel autowires these by type through the generated FlashComponentConfigurer when the component is
        // added to the context; a context with autowiring off, or beans bound after that, are served here.
        bootControl = bootControl != null ? bootControl : single(BootControl.class);
        slotLayout = slotLayout != null ? slotLayout : single(SlotLayout.class);
        installPolicy = installPolicy != null ? installPolicy : single(InstallPolicy.class);
        statusBoard = statusBoard != null ? statusBoard : single(StatusBoard.class);
        if (bootControl == null || slotLayout == null || installPolicy == null || statusBoard == null) {
            throw new IllegalStateException("flash: needs BootControl, SlotLayout, InstallPolicy and StatusBoard beans");
        }
        scheduler = getCamelContext().getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(this, "flash-watchdog");
        // the first download should hash at SHA-instruction speed from its first byte (see DigestWarmup)
        DigestWarmup.startOnce();
    }

    @Override
    protected void doStop() throws Exception {
        if (scheduler != null) {
            getCamelContext().getExecutorServiceManager().shutdownNow(scheduler);
            scheduler = null;
        }
        super.doStop();
    }

    private <T> T single(Class<T> type) {
        return org.apache.camel.support.CamelContextHelper.findSingleByType(getCamelContext(), type);
    }

    Installer installer(long inactivityTimeoutSeconds, long checkpointBytes) {
        // optional: without a store (tests, embedders) downloads simply never resume across restarts
        CheckpointStore checkpoints = single(CheckpointStore.class);
        // the agent's lifecycle when flash: serves its routes; a host's own route gets one over the same boot state
        UpdateLifecycle agents = single(UpdateLifecycle.class);
        UpdateLifecycle lifecycle = agents != null && agents.bootControl() == bootControl ? agents
                : UpdateLifecycle.forBootedDevice(bootControl, statusBoard);
        return new Installer(lifecycle, statusBoard, slotLayout, installPolicy, scheduler, inactivityTimeoutSeconds,
                checkpoints != null ? checkpoints : CheckpointStore.NONE, checkpointBytes)
                // optional too: without the bean (flash.delta=false) every bundle is downloaded in full
                .withDelta(single(io.camelota.delta.DeltaUpdates.class));
    }

    StatusBoard statusBoard() {
        return statusBoard;
    }

    public BootControl getBootControl() {
        return bootControl;
    }

    /** The boot state (active/revert slot, committed flag). */
    public void setBootControl(BootControl bootControl) {
        this.bootControl = bootControl;
    }

    public SlotLayout getSlotLayout() {
        return slotLayout;
    }

    /** Where the app (and fs) slots are and how big they are. */
    public void setSlotLayout(SlotLayout slotLayout) {
        this.slotLayout = slotLayout;
    }

    public InstallPolicy getInstallPolicy() {
        return installPolicy;
    }

    /** Platform, signature keys and mask, downgrade and read-back policy. */
    public void setInstallPolicy(InstallPolicy installPolicy) {
        this.installPolicy = installPolicy;
    }

    public StatusBoard getStatusBoard() {
        return statusBoard;
    }

    /** The update status and single-flight guard shared with the routes. */
    public void setStatusBoard(StatusBoard statusBoard) {
        this.statusBoard = statusBoard;
    }
}
