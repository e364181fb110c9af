package ${package}.contract;

import java.util.Map;

/** A plugin's answer to one request path of the host. */
public interface ${contract} {

  /**
   * Returns the path this plugin answers, as {@code /greet}.
   *
   * @return the path, starting with {@code /}
   */
  String path();

  /**
   * Answers a request.
   *
   * @param query the request's query parameters, decoded
   * @return the text of the answer
   */
  String handle(Map<String, String> query);
}
