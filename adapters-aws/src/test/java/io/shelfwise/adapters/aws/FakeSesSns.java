package io.shelfwise.adapters.aws;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * Stands in for SES v2 ({@code POST /v2/email/outbound-emails}, REST JSON) and SNS ({@code POST /} with
 * {@code Action=Publish}, the query protocol) of one AWS account, as mockwebserver's dispatcher. Like AWS it checks
 * each request's SigV4 signature against the account's secret keys and refuses a bad one with 403
 * SignatureDoesNotMatch; it records every request with whether it verified. A test can queue one-off answers
 * (throttling, faults) that are given to the next correctly signed requests.
 */
final class FakeSesSns extends Dispatcher {
    static final String SNS_NS = "http://sns.amazonaws.com/doc/2010-03-31/";

    /** One request as it arrived, and whether its signature held. */
    record Call(RecordedRequest request, boolean signatureValid) {
        String service() {
            return SigV4Verifier.credential(request).map(SigV4Verifier.Credential::service).orElse(null);
        }

        String accessKeyId() {
            return SigV4Verifier.credential(request).map(SigV4Verifier.Credential::accessKeyId).orElse(null);
        }

        String body() {
            return request.getBody() == null ? "" : request.getBody().utf8();
        }
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    private final SigV4Verifier verifier;
    private final ConcurrentLinkedQueue<MockResponse> queued = new ConcurrentLinkedQueue<>();
    private final AtomicInteger ids = new AtomicInteger();

    /** @param secrets the secret access key of each access key id the account has */
    FakeSesSns(Map<String, String> secrets) {
        this.verifier = new SigV4Verifier(secrets);
    }

    /** The next correctly signed request gets {@code response} instead of a success. */
    void answerNext(MockResponse response) {
        queued.add(response);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        boolean valid = verifier.verify(request);
        calls.add(new Call(request, valid));
        boolean ses = request.getTarget().startsWith("/v2/email/");
        if (!valid) {
            return ses ? sesError(403, "SignatureDoesNotMatch") : snsError(403, "SignatureDoesNotMatch");
        }
        MockResponse next = queued.poll();
        if (next != null) {
            return next;
        }
        String id = "msg-" + ids.incrementAndGet();
        if (ses) {
            return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                    .body("{\"MessageId\":\"" + id + "\"}").build();
        }
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/xml")
                .body("<PublishResponse xmlns=\"" + SNS_NS + "\"><PublishResult><MessageId>" + id
                        + "</MessageId></PublishResult><ResponseMetadata><RequestId>req-" + id
                        + "</RequestId></ResponseMetadata></PublishResponse>").build();
    }

    /** An SES v2 error as the REST JSON protocol carries it: the code in a header and in the body. */
    static MockResponse sesError(int status, String code) {
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json")
                .addHeader("x-amzn-ErrorType", code)
                .body("{\"__type\":\"" + code + "\",\"message\":\"refused by the fake\"}").build();
    }

    /** An SNS error as the query protocol carries it. */
    static MockResponse snsError(int status, String code) {
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "text/xml")
                .body("<ErrorResponse xmlns=\"" + SNS_NS + "\"><Error><Type>Sender</Type><Code>" + code
                        + "</Code><Message>refused by the fake</Message></Error><RequestId>req-err</RequestId>"
                        + "</ErrorResponse>").build();
    }
}
