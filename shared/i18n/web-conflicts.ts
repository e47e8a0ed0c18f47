/**
 * Why a change was refused by a rule that needs stored state (store/errors.ts Conflict's `reason`),
 * in en, es, fr and pt (merged into the web catalog): the pages say it in the reader's language
 * where the API gives its English `detail`.
 */
import type { Catalog } from './index.ts';

export const en = () => ({
  'conflict.busy': 'Many changes are being made to this plan at this moment: try again in a few seconds.',
  'conflict.idUsedBefore': 'The identifier {id} was used before by something that was deleted (its history is kept): choose another identifier.',
  'conflict.planNotEmpty': 'The plan still has milestones or contributions: delete or move them first.',
  'conflict.changedWhileDeleting': 'Something was added or changed while this was being deleted: look at it again.',
  'conflict.resultsTooLarge': 'The plan’s results framework is too large to delete with it in one step: delete its results and periods first.',
  'conflict.tooManyChanges': '{count} items would change at once, more than one change can hold: delete the values or indicators first.',
  'conflict.tooManyPlans': 'This strategy has too many plans to change its co-coordinators in one step.',
  'conflict.alreadyCoordinator': '{administration} is already a co-coordinator of this strategy.',
  'conflict.termExists': '{administration} already has a co-coordinator term starting on {since}: choose another date.',
  'conflict.measureLocked': 'Values were submitted in this indicator’s measure: it can no longer change (define a new indicator instead).',
  'conflict.valueApproved': 'This value is approved: only the secretariat can reopen it, giving a reason.',
  'conflict.notWaitingForReview': 'This submission is no longer waiting for review: someone has already decided on it.',
  'conflict.notApproved': 'Only an approved value can be reopened.',
} satisfies Catalog);

type Keys = keyof ReturnType<typeof en>;

export const es = (): Record<Keys, string> => ({
  'conflict.busy': 'Se están haciendo muchos cambios en este plan en este momento: vuelva a intentarlo en unos segundos.',
  'conflict.idUsedBefore': 'El identificador {id} ya lo usó algo que fue eliminado (su historial se conserva): elija otro identificador.',
  'conflict.planNotEmpty': 'El plan todavía tiene hitos o contribuciones: elimínelos o muévalos primero.',
  'conflict.changedWhileDeleting': 'Algo se agregó o cambió mientras se eliminaba: revíselo de nuevo.',
  'conflict.resultsTooLarge': 'El marco de resultados del plan es demasiado grande para eliminarlo junto con él en un solo paso: elimine primero sus resultados y períodos.',
  'conflict.tooManyChanges': 'Cambiarían {count} elementos a la vez, más de lo que cabe en un cambio: elimine primero los valores o los indicadores.',
  'conflict.tooManyPlans': 'Esta estrategia tiene demasiados planes para cambiar sus co-coordinadores en un solo paso.',
  'conflict.alreadyCoordinator': '{administration} ya es co-coordinador de esta estrategia.',
  'conflict.termExists': '{administration} ya tiene un período de co-coordinación que comienza el {since}: elija otra fecha.',
  'conflict.measureLocked': 'Ya se enviaron valores en la medida de este indicador: ya no puede cambiar (defina un indicador nuevo).',
  'conflict.valueApproved': 'Este valor está aprobado: solo la secretaría puede reabrirlo, indicando un motivo.',
  'conflict.notWaitingForReview': 'Este envío ya no espera revisión: alguien ya decidió sobre él.',
  'conflict.notApproved': 'Solo se puede reabrir un valor aprobado.',
});

export const fr = (): Record<Keys, string> => ({
  'conflict.busy': 'De nombreuses modifications sont en cours sur ce plan : réessayez dans quelques secondes.',
  'conflict.idUsedBefore': 'L’identifiant {id} a déjà été utilisé par un élément supprimé (son historique est conservé) : choisissez un autre identifiant.',
  'conflict.planNotEmpty': 'Le plan a encore des jalons ou des contributions : supprimez-les ou déplacez-les d’abord.',
  'conflict.changedWhileDeleting': 'Quelque chose a été ajouté ou modifié pendant la suppression : vérifiez de nouveau.',
  'conflict.resultsTooLarge': 'Le cadre de résultats du plan est trop grand pour être supprimé avec lui en une seule étape : supprimez d’abord ses résultats et périodes.',
  'conflict.tooManyChanges': '{count} éléments changeraient à la fois, plus qu’une modification ne peut en contenir : supprimez d’abord les valeurs ou les indicateurs.',
  'conflict.tooManyPlans': 'Cette stratégie a trop de plans pour changer ses co-coordinateurs en une seule étape.',
  'conflict.alreadyCoordinator': '{administration} est déjà co-coordinateur de cette stratégie.',
  'conflict.termExists': '{administration} a déjà un mandat de co-coordination commençant le {since} : choisissez une autre date.',
  'conflict.measureLocked': 'Des valeurs ont été soumises dans l’unité de cet indicateur : elle ne peut plus changer (définissez plutôt un nouvel indicateur).',
  'conflict.valueApproved': 'Cette valeur est approuvée : seul le secrétariat peut la rouvrir, en donnant un motif.',
  'conflict.notWaitingForReview': 'Cette soumission n’attend plus d’examen : quelqu’un a déjà statué.',
  'conflict.notApproved': 'Seule une valeur approuvée peut être rouverte.',
});

export const pt = (): Record<Keys, string> => ({
  'conflict.busy': 'Muitas alterações estão sendo feitas neste plano agora: tente novamente em alguns segundos.',
  'conflict.idUsedBefore': 'O identificador {id} já foi usado por algo que foi excluído (seu histórico é mantido): escolha outro identificador.',
  'conflict.planNotEmpty': 'O plano ainda tem marcos ou contribuições: exclua-os ou mova-os primeiro.',
  'conflict.changedWhileDeleting': 'Algo foi adicionado ou alterado enquanto isto era excluído: veja de novo.',
  'conflict.resultsTooLarge': 'O quadro de resultados do plano é grande demais para ser excluído com ele de uma só vez: exclua primeiro seus resultados e períodos.',
  'conflict.tooManyChanges': '{count} itens mudariam ao mesmo tempo, mais do que uma alteração comporta: exclua primeiro os valores ou os indicadores.',
  'conflict.tooManyPlans': 'Esta estratégia tem planos demais para mudar seus co-coordenadores de uma só vez.',
  'conflict.alreadyCoordinator': '{administration} já é co-coordenador desta estratégia.',
  'conflict.termExists': '{administration} já tem um mandato de co-coordenação que começa em {since}: escolha outra data.',
  'conflict.measureLocked': 'Já foram enviados valores na medida deste indicador: ela não pode mais mudar (defina um novo indicador).',
  'conflict.valueApproved': 'Este valor está aprovado: só o secretariado pode reabri-lo, informando um motivo.',
  'conflict.notWaitingForReview': 'Este envio não está mais aguardando revisão: alguém já decidiu sobre ele.',
  'conflict.notApproved': 'Só um valor aprovado pode ser reaberto.',
});
