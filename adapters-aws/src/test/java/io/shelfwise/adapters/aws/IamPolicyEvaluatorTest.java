package io.shelfwise.adapters.aws;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The evaluator the policy tests rely on must itself follow IAM's rules, or their verdicts mean nothing. */
class IamPolicyEvaluatorTest {

    private static IamPolicyEvaluator policy(String statements) {
        return IamPolicyEvaluator.parse("{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}");
    }

    @Test
    void nothing_is_allowed_without_an_allow_statement() {
        assertFalse(policy("").allows("s3:GetObject", "arn:aws:s3:::b/k"));
    }

    @Test
    void an_explicit_deny_wins_over_an_allow() {
        IamPolicyEvaluator evaluator = policy("""
                {"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/*"},
                {"Effect":"Deny","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::b/locked/*"}""");

        assertTrue(evaluator.allows("s3:DeleteObject", "arn:aws:s3:::b/open/k"));
        assertFalse(evaluator.allows("s3:DeleteObject", "arn:aws:s3:::b/locked/k"));
    }

    @Test
    void star_matches_any_run_and_question_mark_exactly_one_character() {
        IamPolicyEvaluator evaluator = policy("""
                {"Effect":"Allow","Action":"s3:GetObject","Resource":["arn:aws:s3:::b/v?/model","arn:aws:s3:::b/x/*"]}""");

        assertTrue(evaluator.allows("s3:GetObject", "arn:aws:s3:::b/v1/model"));
        assertFalse(evaluator.allows("s3:GetObject", "arn:aws:s3:::b/v10/model"));
        assertTrue(evaluator.allows("s3:GetObject", "arn:aws:s3:::b/x/deep/key"));
        assertFalse(evaluator.allows("s3:GetObject", "arn:aws:s3:::b/xy"));
    }

    @Test
    void actions_match_case_insensitively_and_resources_do_not() {
        IamPolicyEvaluator evaluator = policy("""
                {"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"arn:aws:dynamodb:r:1:table/T"}""");

        assertTrue(evaluator.allows("DynamoDB:getitem", "arn:aws:dynamodb:r:1:table/T"));
        assertFalse(evaluator.allows("dynamodb:GetItem", "arn:aws:dynamodb:r:1:table/t"));
    }

    @Test
    void a_condition_on_a_key_the_request_lacks_does_not_hold() {
        IamPolicyEvaluator evaluator = policy("""
                {"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::b",
                 "Condition":{"StringLike":{"s3:prefix":"t/*"}}}""");

        assertTrue(evaluator.allows("s3:ListBucket", "arn:aws:s3:::b", Map.of("s3:prefix", "t/")));
        assertFalse(evaluator.allows("s3:ListBucket", "arn:aws:s3:::b", Map.of()));
        assertFalse(evaluator.allows("s3:ListBucket", "arn:aws:s3:::b", Map.of("s3:prefix", "u/")));
    }

    @Test
    void constructs_it_cannot_evaluate_are_refused_rather_than_ignored() {
        assertThrows(IllegalArgumentException.class, () -> policy("""
                {"Effect":"Allow","NotAction":"iam:*","Resource":"*"}"""));
        assertThrows(IllegalArgumentException.class, () -> policy("""
                {"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/k",
                 "Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}""")
                .allows("s3:GetObject", "arn:aws:s3:::b/k", Map.of("aws:SourceIp", "10.0.0.1")));
    }
}
