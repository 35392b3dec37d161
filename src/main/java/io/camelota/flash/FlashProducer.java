package io.camelota.flash;

import io.camelota.download.DownloadOrigin;
import io.camelota.download.AbortableBody;

import java.io.InputStream;

import io.camelota.status.RolloutDeferral;
import io.camelota.status.StatusBoard;
import io.camelota.status.UpdateFailure;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;

/**
 * Takes the body as an InputStream and installs it. The exchange that calls it holds (or here
 * takes) the single-flight guard; the outcome goes to the status board and to the result headers.
 * A refusal is thrown as {@link UpdateFailure}, so a route's doCatch sees it.
 */
public class FlashProducer extends DefaultProducer {

    public FlashProducer(FlashEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public FlashEndpoint getEndpoint() {
        return (FlashEndpoint) super.getEndpoint();
    }

    @Override
    public void process(Exchange exchange) {
        FlashEndpoint ep = getEndpoint();
        StatusBoard board = ep.getComponent().statusBoard();
        Message in = exchange.getMessage();
        String attempt = exchange.getExchangeId();
        boolean ownGuard = !board.holds(attempt);
        if (ownGuard && !board.tryBegin(attempt, "flash")) {
            AbortableBody.end(in.getBody(InputStream.class)); // the body is ours to end, installed or not
            throw new UpdateFailure(-1, "Update already in progress");
        }
        try {
            InstallRequest request = new InstallRequest(
                    in.getBody(InputStream.class),
                    in.getHeader(FlashConstants.CONTENT_LENGTH, Long.class),
                    in.getHeader(FlashConstants.IGNORE_SAME_VERSION, ep.isIgnoreSameVersion(), Boolean.class),
                    in.getHeader(FlashConstants.COMMIT_TIMEOUT, ep.getCommitTimeout(), Integer.class),
                    attempt,
                    // instanceof: only the objects ResumableDownload put there, never a string someone sent
                    in.getHeader(FlashConstants.ORIGIN) instanceof DownloadOrigin o ? o : null,
                    in.getHeader(FlashConstants.RESUME) instanceof DownloadCheckpoint c ? c : null,
                    in.getHeader(FlashConstants.GATE) instanceof OfferGate g ? g : null);
            InstallResult result = ep.getComponent().installer(ep.getTimeout(), ep.getCheckpointBytes()).install(request);
            board.success(attempt, result.message());
            in.setHeader(FlashConstants.RESULT, result.result());
            in.setHeader(FlashConstants.MESSAGE, result.message());
            in.setHeader(FlashConstants.REBOOT_REQUIRED, result.rebootRequired());
            in.setHeader(FlashConstants.VERSION, result.version());
            if (result.slot() >= 0) {
                in.setHeader(FlashConstants.SLOT, result.slot());
            }
        } catch (RolloutDeferral e) {
            board.success(attempt, e.getMessage()); // "not yet" is an answer, not an error
            throw e;
        } catch (UpdateFailure e) {
            board.error(attempt, e.result(), e.getMessage());
            throw e;
        } finally {
            if (ownGuard) {
                board.end(attempt);
            }
        }
    }
}
