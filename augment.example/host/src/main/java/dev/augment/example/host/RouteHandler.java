package dev.augment.example.host;

import dev.augment.example.contract.Request;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The Jetty handler in front of the {@link RequestDispatcher}: reads the request target, answers
 * with the dispatcher's answer as UTF-8 text.
 *
 * <p>The target is the request's path and query as sent, so an absolute-form target ({@code GET
 * http://host/health HTTP/1.1}) is answered like its origin form. Only {@code GET} and {@code HEAD}
 * are answered (405 otherwise); a target that is no request path, or whose query does not decode,
 * gets 400. A 503 carries {@code Retry-After}. Blocking: the dispatcher waits for plugins, at most
 * their deadline, on Jetty's thread.
 */
final class RouteHandler extends Handler.Abstract {

  private final RequestDispatcher dispatcher;
  private final String retryAfter;

  RouteHandler(RequestDispatcher dispatcher, long retryAfterSeconds) {
    this.dispatcher = dispatcher;
    this.retryAfter = Long.toString(retryAfterSeconds);
  }

  @Override
  public boolean handle(
      org.eclipse.jetty.server.Request request, Response response, Callback callback) {
    String method = request.getMethod();
    if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
      response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
      return answer(response, callback, 405, "only GET and HEAD", "");
    }
    Request parsed;
    try {
      parsed = Request.parse(request.getHttpURI().getPathQuery());
    } catch (IllegalArgumentException e) {
      return answer(response, callback, 400, "bad request target: " + e.getMessage(), "");
    }
    RequestDispatcher.Answer answer = dispatcher.dispatch(parsed);
    if (answer.status() == 503) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, retryAfter);
    }
    return answer(response, callback, answer.status(), answer.body(), answer.by());
  }

  private static boolean answer(
      Response response, Callback callback, int status, String text, String by) {
    byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    if (!by.isEmpty()) {
      response.getHeaders().put("X-Answered-By", by);
    }
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }
}
