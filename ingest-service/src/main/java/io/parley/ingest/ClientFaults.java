package io.parley.ingest;

import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Optional;

import io.parley.topics.ViewNotReadyException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.util.InvalidMimeTypeException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The faults a request itself causes, wherever the web stack notices them (Tomcat's parameter parsing,
 * Spring's message converters, a header that does not parse): each is a 4xx with a message in plain
 * words, which every dialect answers in its own format; and a view still catching up, which is 503
 * (a retry succeeds). What is not here is the server's fault.
 */
public final class ClientFaults {

    private ClientFaults() {
    }

    /** A client's fault: the status to answer and a message that names no Java type. */
    public record Fault(HttpStatus status, String message) {
    }

    public static Optional<Fault> of(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            Optional<Fault> fault = direct(e);
            if (fault.isPresent()) {
                return fault;
            }
        }
        return Optional.empty();
    }

    private static Optional<Fault> direct(Throwable e) {
        if (e instanceof ViewNotReadyException) {
            // Not the client's fault, but one its retry fixes: the instance is still reading its views.
            return fault(HttpStatus.SERVICE_UNAVAILABLE, "this instance is still starting; try again in a few seconds");
        }
        if (e instanceof LimitedBody.TooLargeException) {
            return fault(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
        }
        if (e instanceof MaxUploadSizeExceededException) {
            return fault(HttpStatus.CONTENT_TOO_LARGE, "the upload is larger than this server accepts");
        }
        if (e instanceof InvalidParameterException invalid) {
            return invalid.getErrorCode() == HttpStatus.CONTENT_TOO_LARGE.value()
                    ? fault(HttpStatus.CONTENT_TOO_LARGE, "the form is larger than this server accepts")
                    : fault(HttpStatus.BAD_REQUEST, "the form could not be read: check its encoding, escapes and number of fields");
        }
        if (e instanceof MultipartException) {
            return fault(HttpStatus.BAD_REQUEST, "the multipart form could not be read");
        }
        if (e instanceof HttpMessageNotReadableException) {
            return fault(HttpStatus.BAD_REQUEST, "the body could not be read: it must be well-formed JSON of the documented shape");
        }
        if (e instanceof InvalidMimeTypeException || e instanceof HttpMediaTypeNotSupportedException
                || e instanceof UnsupportedCharsetException || e instanceof IllegalCharsetNameException) {
            return fault(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "the Content-Type is not one this endpoint reads");
        }
        if (e instanceof HttpRequestMethodNotSupportedException method) {
            return fault(HttpStatus.METHOD_NOT_ALLOWED, "method " + method.getMethod() + " is not allowed here");
        }
        if (e instanceof NoResourceFoundException) {
            return fault(HttpStatus.NOT_FOUND, "no such endpoint");
        }
        if (e instanceof TypeMismatchException mismatch) {
            return fault(HttpStatus.BAD_REQUEST, (mismatch.getPropertyName() == null ? "a parameter" : mismatch.getPropertyName())
                    + " has the wrong form");
        }
        if (e instanceof ErrorResponse response && response.getStatusCode().is4xxClientError()) {
            HttpStatusCode code = response.getStatusCode();
            HttpStatus status = HttpStatus.resolve(code.value());
            return fault(status == null ? HttpStatus.BAD_REQUEST : status,
                    status == null ? "the request was refused" : status.getReasonPhrase().toLowerCase(java.util.Locale.ROOT));
        }
        return Optional.empty();
    }

    private static Optional<Fault> fault(HttpStatus status, String message) {
        return Optional.of(new Fault(status, message));
    }
}
